import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { createInvite } from '../../src/franchise/staff-service.js';
import { moveOrder } from '../../src/orders/order-lifecycle.js';
import { quietUntil } from '../../src/outbox/quiet-hours.js';
import { createTestApp, orderBoots, TestBuyer } from '../helpers/engine-harness.js';

const night = { from: 22, to: 9 };
const hour = 3_600_000;

/** The next moment after `after` that is hh:00 UTC (Moscow is UTC+3 all year). */
function nextUtc(after: number, hh: number): number {
  const d = new Date(after);
  d.setUTCHours(hh, 0, 0, 0);
  return d.getTime() > after ? d.getTime() : d.getTime() + 24 * hour;
}

describe('quiet hours for buyers', () => {
  it('finds the end of the storefront\'s night in its own time zone', () => {
    const elevenPmMoscow = Date.UTC(2026, 11, 3, 20, 0);
    expect(quietUntil(elevenPmMoscow, 'Europe/Moscow', night)).toBe(Date.UTC(2026, 11, 4, 6, 0));
    // Before midnight and after it: the same morning.
    expect(quietUntil(Date.UTC(2026, 11, 3, 23, 30), 'Europe/Moscow', night)).toBe(Date.UTC(2026, 11, 4, 6, 0));
    // 09:00 and the day are not quiet; 21:59 is not either.
    expect(quietUntil(Date.UTC(2026, 11, 4, 6, 0), 'Europe/Moscow', night)).toBe(Date.UTC(2026, 11, 4, 6, 0));
    expect(quietUntil(Date.UTC(2026, 11, 4, 18, 59), 'Europe/Moscow', night)).toBe(Date.UTC(2026, 11, 4, 18, 59));
    // 23:00 in Moscow is 15:00 in New York: that shop's day; and 06:00 in Vladivostok, whose night ends at 09:00 there.
    expect(quietUntil(elevenPmMoscow, 'America/New_York', night)).toBe(elevenPmMoscow);
    expect(quietUntil(elevenPmMoscow, 'Asia/Vladivostok', night)).toBe(Date.UTC(2026, 11, 3, 23, 0));
    // A night within one day.
    expect(quietUntil(Date.UTC(2026, 11, 3, 0, 30), 'UTC', { from: 0, to: 6 })).toBe(Date.UTC(2026, 11, 3, 6, 0));
  });

  it('holds order news to a buyer written at 23:00 until 09:00, while the seller\'s answer to the buyer\'s question goes at once', async () => {
    // 23:00 in Moscow (the test storefront's zone), a little after now so the rows written now are due.
    const eleven = nextUtc(Date.now() + hour, 20);
    let t = eleven;
    const app = createTestApp({ now: () => t, quietHours: night });
    const owner = new TestBuyer(app, 'owner');
    await owner.say(`/join ${createInvite(app.db, app.storefront.id)}`);
    const buyer = new TestBuyer(app, 'buyer');
    const order = await orderBoots(app, buyer);
    const toBuyer = () => app.sent!.filter((n) => n.target.chatId === 'buyer').map((n) => n.replies[0]!.text);

    // Order news at 23:00: the shop cancels the order. The buyer is not woken up.
    moveOrder(app.db, { orderId: order.id, to: 'cancelled', actor: 'staff:telegram:owner', note: 'нет в наличии' });
    await app.flush!();
    expect(toBuyer().some((text) => text.includes('Заказ отменён'))).toBe(false);
    const held = app.db.select().from(outbox).all().find((r) => r.kind === 'buyer-status')!;
    expect(held).toMatchObject({ status: 'pending', attempts: 0, dueAt: eleven + 10 * hour });

    // The buyer asks at night; staff are not limited, and the answer to the buyer's own question goes at once.
    await buyer.say('/ask Почему отменили?');
    expect(app.sent!.some((n) => n.target.chatId === 'owner' && n.replies[0]!.text.includes('Почему отменили?'))).toBe(true);
    owner.last = app.sent!.filter((n) => n.target.chatId === 'owner').at(-1)!.replies;
    await owner.press('Ответить');
    await owner.say('Размер закончился, простите.');
    expect(toBuyer().some((text) => text.includes('Размер закончился, простите.'))).toBe(true);
    expect(toBuyer().some((text) => text.includes('Заказ отменён'))).toBe(false);

    t = eleven + 10 * hour - 60_000;
    await app.flush!();
    expect(toBuyer().some((text) => text.includes('Заказ отменён'))).toBe(false);
    t = eleven + 10 * hour;
    await app.flush!();
    expect(toBuyer().filter((text) => text.includes('Заказ отменён'))).toHaveLength(1);
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, outbox } from '../../src/db/schema.js';
import { ensureHqStaff } from '../../src/franchise/staff-service.js';
import { noticeStaleOrders } from '../../src/orders/stale-orders.js';
import { createTestApp, orderBoots, TestBuyer } from '../helpers/engine-harness.js';

const hour = 3_600_000;

async function orderIn(status: (typeof orders.$inferSelect)['status'], hoursAgo: number) {
  const app = createTestApp();
  const order = await orderBoots(app, new TestBuyer(app));
  app.db.update(orders).set({ status, statusAt: Date.now() - hoursAgo * hour }).where(eq(orders.id, order.id)).run();
  const notices = () => app.db.select().from(outbox).where(eq(outbox.kind, 'staff-notice')).all().map((r) => JSON.parse(r.payload).event as string);
  return { app, notices };
}

describe('orders with no news', () => {
  it('a confirmed order with no news for STALE_ORDER_HOURS is told to the staff once per silence', async () => {
    const { app, notices } = await orderIn('accepted', 49);
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    await new TestBuyer(app, '1').say('/admin');
    expect(noticeStaleOrders(app.db, 48)).toBe(1);
    expect(noticeStaleOrders(app.db, 48)).toBe(0);
    expect(notices()).toEqual(['stale']);
  });

  it('is quiet before the limit', async () => {
    const { app, notices } = await orderIn('packed', 47);
    expect(noticeStaleOrders(app.db, 48)).toBe(0);
    expect(notices()).toEqual([]);
  });

  it('a parcel on its way counts as stuck only after three times the limit', async () => {
    const { app } = await orderIn('shipped', 100);
    expect(noticeStaleOrders(app.db, 48)).toBe(0);
    app.db.update(orders).set({ statusAt: Date.now() - 145 * hour }).run();
    expect(noticeStaleOrders(app.db, 48)).toBe(1);
  });

  it('a new order nobody confirmed within an hour reminds the staff that a buyer is waiting', async () => {
    const { app, notices } = await orderIn('new', 1.1);
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    await new TestBuyer(app, '1').say('/admin');
    expect(noticeStaleOrders(app.db, 48)).toBe(1);
    expect(notices()).toEqual(['unconfirmed']);
    await app.flush!();
    expect(app.sent!.filter((n) => n.target.chatId === '1').at(-1)!.replies[0]!.text).toBe(
      '🔔 Заказ № 1001 (Анна Смирнова, +7 916 123 45 67) ждёт вашего подтверждения уже больше часа. Покупатель ждёт — подтвердите или отмените его.',
    );
  });

  it('finished orders are never stale', async () => {
    const { app } = await orderIn('delivered', 500);
    expect(noticeStaleOrders(app.db, 48)).toBe(0);
  });
});

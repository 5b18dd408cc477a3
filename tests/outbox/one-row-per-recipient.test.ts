import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { createInvite } from '../../src/franchise/staff-service.js';
import { moveOrder } from '../../src/orders/order-lifecycle.js';
import type { Notification } from '../../src/outbox/notifier.js';
import { createTestApp, orderBoots, TestBuyer } from '../helpers/engine-harness.js';

describe('messages to staff: one outbox row per recipient', () => {
  it('one staff member\'s failing chat does not re-send the new-order alert or a notice to the others; the failed one is retried', async () => {
    // The worker's clock runs a little ahead, so rows written during the test are due at once.
    let t = Date.now() + 5 * 60_000;
    let managerDown = true;
    const tries: string[] = [];
    const app = createTestApp({
      now: () => t,
      notify: async (n: Notification) => {
        tries.push(n.target.chatId);
        // The messenger answers 500 for this one chat (or its bot was blocked for a while).
        if (managerDown && n.target.chatId === 'manager') throw new Error('Internal Server Error');
      },
    });
    const owner = new TestBuyer(app, 'owner');
    await owner.say(`/join ${createInvite(app.db, app.storefront.id, 'owner')}`);
    const manager = new TestBuyer(app, 'manager');
    await manager.say(`/join ${createInvite(app.db, app.storefront.id, 'manager')}`);
    const alertsTo = (chatId: string) => app.sent!.filter((n) => n.target.chatId === chatId && n.replies[0]!.text.includes('Новый заказ'));
    const noticesTo = (chatId: string) => app.sent!.filter((n) => n.target.chatId === chatId && n.replies[0]!.text.includes('Покупатель сам отменил'));

    const order = await orderBoots(app, new TestBuyer(app, 'buyer'));
    // Written with the order, one row for each staff member.
    const alerts = app.db.select().from(outbox).all().filter((r) => r.kind === 'new-order');
    expect(alerts.map((r) => r.recipient).sort()).toEqual([`${app.storefront.id}:telegram:manager`, `${app.storefront.id}:telegram:owner`]);
    expect(alerts.every((r) => r.orderId === order.id && !r.payload.includes('Анна'))).toBe(true);
    expect(alertsTo('owner')).toHaveLength(1);
    expect(alertsTo('manager')).toHaveLength(0);

    // The buyer cancels: a staff notice, again one row each; the manager's chat still fails.
    expect(moveOrder(app.db, { orderId: order.id, to: 'cancelled', actor: 'buyer:telegram:buyer', note: 'по просьбе покупателя' }).ok).toBe(true);
    await app.flush!();
    expect(noticesTo('owner')).toHaveLength(1);

    // Retries, with backoff, go to the manager alone; once their chat works they get each message once.
    for (let i = 0; i < 3; i++) {
      t += 60_000;
      await app.flush!();
    }
    expect(tries.filter((c) => c === 'manager').length).toBeGreaterThan(2);
    managerDown = false;
    t += 60 * 60_000;
    await app.flush!();
    expect(alertsTo('manager')).toHaveLength(1);
    expect(noticesTo('manager')).toHaveLength(1);
    expect(alertsTo('owner')).toHaveLength(1);
    expect(noticesTo('owner')).toHaveLength(1);
    expect(tries.filter((c) => c === 'owner')).toHaveLength(2);
    // In order for each recipient: the manager heard of the order before its cancellation.
    const managerTexts = app.sent!.filter((n) => n.target.chatId === 'manager').map((n) => n.replies[0]!.text);
    expect(managerTexts.findIndex((x) => x.includes('Новый заказ'))).toBeLessThan(managerTexts.findIndex((x) => x.includes('Покупатель сам отменил')));
  });
});

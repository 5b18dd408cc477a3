import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderHistory, orders, variants } from '../../src/db/schema.js';
import { canMove, moveOrder, transitions } from '../../src/orders/order-lifecycle.js';
import { cartWithBoots, createTestApp, fillCheckoutForm, TestBuyer } from '../helpers/engine-harness.js';

async function placed() {
  const app = createTestApp();
  const buyer = new TestBuyer(app);
  await cartWithBoots(buyer);
  await buyer.press('Оформить заказ');
  await fillCheckoutForm(buyer);
  await buyer.press('Подтвердить заказ');
  return { app, order: app.db.select().from(orders).get()! };
}

describe('order lifecycle', () => {
  it('follows the table in DESIGN.md and refuses anything else with a reason', () => {
    expect(canMove('new', 'confirmed')).toBeUndefined();
    expect(canMove('shipped', 'cancelled')).toBe('not-allowed');
    expect(canMove('delivered', 'refused')).toBe('not-allowed');
    expect(canMove('needs_attention', 'confirmed')).toBeUndefined();
    // Terminal states lead nowhere.
    expect(transitions.delivered).toEqual([]);
    expect(transitions.cancelled).toEqual([]);
  });

  it('records who, when, from and to; releases stock on cancellation only', async () => {
    const { app, order } = await placed();
    const stock = () => app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!.stock;
    const reserved = stock();
    expect(moveOrder(app.db, { storefrontId: app.storefront.id, orderId: order.id, to: 'confirmed', actor: 'staff:telegram:1' })).toEqual({ ok: true, from: 'new', to: 'confirmed', skipped: [] });
    expect(stock()).toBe(reserved);
    expect(moveOrder(app.db, { storefrontId: app.storefront.id, orderId: order.id, to: 'delivered', actor: 'x' })).toEqual({ ok: false, reason: 'not-allowed', status: 'confirmed' });
    moveOrder(app.db, { storefrontId: app.storefront.id, orderId: order.id, to: 'cancelled', actor: 'staff:telegram:1', note: 'нет размера' });
    expect(stock()).toBe(reserved + 1);
    const history = app.db.select().from(orderHistory).where(eq(orderHistory.orderId, order.id)).all();
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actor, h.note])).toEqual([
      [null, 'new', expect.stringMatching(/^buyer:/), null],
      ['new', 'confirmed', 'staff:telegram:1', null],
      ['confirmed', 'cancelled', 'staff:telegram:1', 'нет размера'],
    ]);
    // Cancelling twice is refused and releases nothing more.
    expect(moveOrder(app.db, { storefrontId: app.storefront.id, orderId: order.id, to: 'cancelled', actor: 'x' }).ok).toBe(false);
    expect(stock()).toBe(reserved + 1);
  });

  it('does not move another storefront\'s order', async () => {
    const { app, order } = await placed();
    expect(moveOrder(app.db, { storefrontId: app.storefront.id + 1, orderId: order.id, to: 'confirmed', actor: 'x' })).toEqual({ ok: false, reason: 'unknown-order' });
  });
});

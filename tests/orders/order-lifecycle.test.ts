import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { franchiseSettings, ledgerEntries, orderHistory, orderItems, orders, outbox, variants, type OrderStatus } from '../../src/db/schema.js';
import { advanceOrder, canMove, moveOrder, pathForward, transitions } from '../../src/orders/order-lifecycle.js';
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
  it('follows the table in docs/architecture.md and refuses anything else with a reason', () => {
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

  it('refuses a cancellation without a reason: the buyer is always told why', async () => {
    const { app, order } = await placed();
    expect(moveOrder(app.db, { orderId: order.id, to: 'cancelled', actor: 'staff:telegram:1', note: '  ' })).toEqual({ ok: false, reason: 'reason-required', status: 'new' });
  });

  it('writes the hand-off in the same change as the confirmation, and a cancellation for the warehouse after it', async () => {
    const { app, order } = await placed();
    const rows = () => app.db.select({ kind: outbox.kind, key: outbox.key }).from(outbox).all().filter((r) => r.kind !== 'buyer-status' && r.kind !== 'staff-notice');
    expect(rows()).toEqual([]);
    moveOrder(app.db, { orderId: order.id, to: 'confirmed', actor: 'staff:telegram:1' });
    expect(rows()).toEqual([{ kind: 'handoff', key: `handoff:${order.id}:1` }]);
    moveOrder(app.db, { orderId: order.id, to: 'cancelled', actor: 'staff:telegram:1', note: 'передумали' });
    expect(rows()).toEqual([
      { kind: 'handoff', key: `handoff:${order.id}:1` },
      { kind: 'cancel', key: `cancel:${order.id}` },
    ]);
  });

  it('moves forward over skipped stages and never backwards', async () => {
    const { app, order } = await placed();
    expect(pathForward('sent', 'delivered')).toEqual(['accepted', 'packed', 'shipped', 'delivered']);
    expect(pathForward('packed', 'returned')).toEqual(['shipped', 'refused', 'returned']);
    expect(pathForward('delivered', 'shipped')).toBeUndefined();
    expect(pathForward('cancelled', 'accepted')).toBeUndefined();
    moveOrder(app.db, { orderId: order.id, to: 'confirmed', actor: 'staff:telegram:1' });
    moveOrder(app.db, { orderId: order.id, to: 'sent', actor: 'supplier:http' });
    const result = advanceOrder(app.db, { orderId: order.id, to: 'delivered', actor: 'supplier:http', facts: { codCollected: order.total } });
    expect(result).toEqual({ ok: true, from: 'sent', to: 'delivered', skipped: ['accepted', 'packed', 'shipped'] });
    // The late "shipped" changes nothing.
    expect(advanceOrder(app.db, { orderId: order.id, to: 'shipped', actor: 'supplier:http' })).toEqual({ ok: false, reason: 'not-allowed', status: 'delivered' });
    const history = app.db.select().from(orderHistory).where(eq(orderHistory.orderId, order.id)).all();
    expect(history.slice(3).map((h) => [h.toStatus, h.note])).toEqual([
      ['accepted', 'skipped'],
      ['packed', 'skipped'],
      ['shipped', 'skipped'],
      ['delivered', null],
    ]);
  });

  it('splits the cash of a delivered order once, and charges the return fee of a refused one', async () => {
    const { app, order } = await placed();
    app.db.update(franchiseSettings).set({ royaltyPercent: 10, returnFee: 15_000 }).run();
    moveOrder(app.db, { orderId: order.id, to: 'confirmed', actor: 'staff:telegram:1' });
    advanceOrder(app.db, { orderId: order.id, to: 'delivered', actor: 'supplier:http', facts: { codCollected: order.total } });
    const entries = Object.fromEntries(app.db.select().from(ledgerEntries).all().map((e) => [e.kind, e.amount]));
    const wholesale = entries['wholesale']!;
    expect(wholesale).toBeGreaterThan(0);
    expect(entries).toEqual({ cod: order.total, wholesale, royalty: Math.round(order.total / 10), margin: order.total - wholesale - Math.round(order.total / 10) });

    const second = await placed();
    second.app.db.update(franchiseSettings).set({ returnFee: 15_000 }).run();
    moveOrder(second.app.db, { orderId: second.order.id, to: 'confirmed', actor: 'staff:telegram:1' });
    advanceOrder(second.app.db, { orderId: second.order.id, to: 'refused', actor: 'supplier:http', note: 'не подошёл размер' });
    expect(second.app.db.select({ kind: ledgerEntries.kind, amount: ledgerEntries.amount }).from(ledgerEntries).all()).toEqual([{ kind: 'return_fee', amount: 15_000 }]);
  });

  it('random sequences of changes never leave the table, never lose stock, and keep a history line per change', async () => {
    const { app, order } = await placed();
    const statuses = Object.keys(transitions) as OrderStatus[];
    const size = () => app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!;
    const start = size();
    // The rule of stock-reservations.ts for this one-unit order: held until the warehouse takes it
    // (or says it has none: the note is no out_of_stock list, so every item counts as missing),
    // given back only by a cancellation while held, held again when sent again.
    const taken: readonly OrderStatus[] = ['accepted', 'packed', 'shipped', 'delivered', 'refused', 'returned', 'needs_attention'];
    let held = 1;
    let count = start.feedStock;
    // A fixed seed keeps a failure reproducible.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const terminals = new Set<string>();
    const historyCount = () => app.db.$client.prepare('select count(*) as n from order_history').get() as { n: number };
    for (let round = 0; round < 800; round++) {
      const current = app.db.select().from(orders).where(eq(orders.id, order.id)).get()!.status;
      const to = statuses[Math.floor(random() * statuses.length)]!;
      const move = random() < 0.5 ? moveOrder : advanceOrder;
      const before = historyCount().n;
      const result = move(app.db, { orderId: order.id, to, actor: 'test', note: 'x' });
      const after = app.db.select().from(orders).where(eq(orders.id, order.id)).get()!.status;
      if (result.ok) {
        expect(after).toBe(to);
        expect(historyCount().n).toBe(before + 1 + result.skipped.length);
        if (to === 'cancelled') held = 0;
        else if (to === 'confirmed' && current === 'needs_attention') held = 1;
        else if (held && [...result.skipped, to].some((s) => taken.includes(s))) [held, count] = [0, count - 1];
      } else {
        expect(after).toBe(current);
      }
      expect(after === current || canMove(current, after) === undefined || pathForward(current, after) !== undefined).toBe(true);
      expect(size()).toMatchObject({ stock: Math.max(0, count - held), feedStock: count });
      if (transitions[after].length === 0) {
        // A terminal status: start the order over to explore other paths.
        terminals.add(after);
        app.db.update(orders).set({ status: 'new' }).where(eq(orders.id, order.id)).run();
        app.db.update(orderItems).set({ reserved: 1 }).where(eq(orderItems.orderId, order.id)).run();
        app.db.update(variants).set({ stock: start.stock, feedStock: start.feedStock }).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).run();
        [held, count] = [1, start.feedStock];
      }
    }
    expect([...terminals].sort()).toEqual(['cancelled', 'delivered', 'returned']);
  });
});

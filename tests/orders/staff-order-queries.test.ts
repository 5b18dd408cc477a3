import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, outbox } from '../../src/db/schema.js';
import { createStaffOrderQueries, staffOrderFilters } from '../../src/orders/staff-order-queries.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, orderBoots, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

const filter = (id: string) => staffOrderFilters.find((f) => f.id === id)!;

/** The HQ storefront and a franchisee's, one order of boots in each (both numbered 1001: numbers are per storefront). */
async function twoShops() {
  const app = createTestApp();
  const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
  const inShop: TestApp = { ...app, storefront: shop };
  const ours = await orderBoots(app, new TestBuyer(app, 'u1'));
  const theirs = await orderBoots(inShop, new TestBuyer(inShop, 'u2'));
  return { app, shop, ours, theirs, queries: createStaffOrderQueries(app.db) };
}

describe('staff order queries', () => {
  it("never give a franchisee's staff another storefront's order, by id, number, list or card", async () => {
    const { app, shop, ours, theirs, queries } = await twoShops();
    expect(ours.number).toBe(theirs.number);
    expect(queries.byId(shop.id, ours.id)).toBeUndefined();
    expect(queries.card(shop.id, ours.id)).toBeUndefined();
    expect(queries.byNumber(shop.id, ours.number)?.id).toBe(theirs.id);
    expect(queries.byNumber(app.storefront.id, ours.number)?.id).toBe(ours.id);
    const active = queries.page(shop.id, filter('active'), 0, 10);
    expect(active).toEqual({ total: 1, items: [expect.objectContaining({ id: theirs.id })] });
  });

  it('list orders by the filter, newest first, a page at a time', async () => {
    const { app, ours, queries } = await twoShops();
    const second = await orderBoots(app, new TestBuyer(app, 'u3'), '40');
    const sf = app.storefront.id;
    expect(queries.page(sf, filter('active'), 0, 1)).toEqual({ total: 2, items: [expect.objectContaining({ id: second.id })] });
    expect(queries.page(sf, filter('active'), 1, 1).items.map((o) => o.id)).toEqual([ours.id]);
    expect(queries.page(sf, filter('closed'), 0, 10)).toEqual({ total: 0, items: [] });
    app.db.update(orders).set({ status: 'cancelled' }).where(eq(orders.id, ours.id)).run();
    expect(queries.page(sf, filter('closed'), 0, 10).items.map((o) => o.id)).toEqual([ours.id]);
  });

  it("show the order card with items, history and the buyer's account", async () => {
    const { app, ours, queries } = await twoShops();
    const card = queries.card(app.storefront.id, ours.id)!;
    expect(card.items.map((i) => i.size)).toEqual(['39']);
    expect(card.history.map((h) => h.toStatus).at(-1)).toBe('confirmed');
    expect(card.buyer).toEqual({ channel: 'telegram', userId: 'u1' });
    expect(card.handoff).toBeUndefined();
  });

  it("retry a stuck hand-off only for the storefront's own confirmed order", async () => {
    const { app, shop, ours, queries } = await twoShops();
    const handoff = () => app.db.select().from(outbox).where(eq(outbox.orderId, ours.id)).all().find((r) => r.kind === 'handoff')!;
    app.db.update(outbox).set({ status: 'failed', lastError: 'rejected: bad phone' }).where(eq(outbox.id, handoff().id)).run();
    expect(queries.card(app.storefront.id, ours.id)!.handoff).toEqual({ state: 'failed', lastError: 'bad phone' });
    expect(queries.retryHandoff(shop.id, ours.id)).toBe(false);
    expect(handoff().status).toBe('failed');
    expect(queries.retryHandoff(app.storefront.id, ours.id)).toBe(true);
    expect(handoff().status).toBe('pending');
    expect(queries.retryHandoff(app.storefront.id, ours.id)).toBe(false);
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/import/catalog-import.js';
import { readYml } from '../../src/catalog/import/yml-reader.js';
import { orders, products, variants } from '../../src/db/schema.js';
import { swapItemSize } from '../../src/orders/order-changes.js';
import { moveOrder } from '../../src/orders/order-lifecycle.js';
import { createTestApp, fillCheckoutForm, TestBuyer, type TestApp } from '../helpers/engine-harness.js';
import { createStockShop, feedWith } from '../helpers/stock-shop.js';

async function* once(text: string) {
  yield text;
}

const ok = <T extends { ok: boolean }>(result: T) => {
  expect(result.ok).toBe(true);
  return result as Extract<T, { ok: true }>;
};

/** A shop synced with these counts and buyer 1's order of these lines, confirmed by the staff. */
async function confirmedOrder(counts: Record<string, number>, lines: Array<{ offerId: string; quantity: number }>) {
  const shop = createStockShop();
  await shop.sync(counts);
  const order = ok(shop.order(1, lines)).order;
  ok(shop.move(order.id, 'confirmed'));
  return { shop, order };
}

describe('the stock a buyer sees (issue 17)', () => {
  it('the last unit ordered stays sold through a sync of the same feed; cancelled, the size shows 1, not 2', async () => {
    const app: TestApp = createTestApp({ seed: false });
    const feed = feedWith({ 'KED-S': 1, 'KED-M': 3 });
    const sync = () => importCatalog(app.db, once(feed), readYml);
    await sync();
    const product = app.db.select().from(products).where(eq(products.sku, 'feed:KED')).get()!;
    const size = () => app.db.select().from(variants).where(eq(variants.offerId, 'KED-S')).get()!;

    // Two buyers want the last S; the second one is already at the summary when the first confirms.
    const first = new TestBuyer(app, 'u1');
    const second = new TestBuyer(app, 'u2');
    const cards = new Map<TestBuyer, TestBuyer['last']>();
    for (const buyer of [first, second]) {
      cards.set(buyer, await buyer.say(`/start p${product.id}`));
      await buyer.press(/^S$/);
      await buyer.press('Оформить заказ');
      await fillCheckoutForm(buyer);
    }
    await first.press('Подтвердить заказ');
    expect(first.text).toContain('Спасибо! Заказ №');
    expect(size().stock).toBe(0);

    // The warehouse has not taken the order yet: its feed still counts the unit.
    await sync();
    expect(size().stock).toBe(0);
    await second.press('Подтвердить заказ');
    expect(app.db.select().from(orders).all()).toHaveLength(1);
    expect(second.text).toContain('Пока вы оформляли заказ, кое-что изменилось');
    // The card offers no S any more, and the S button of the card seen before is refused.
    await second.say(`/start p${product.id}`);
    expect(second.text).toContain('Размеры в наличии');
    expect(() => second.button(/^S$/)).toThrow();
    second.button(/^M$/);
    second.last = cards.get(second)!;
    await second.press(/^S$/);
    expect(second.text).toContain('Только что раскупили');
    expect(app.db.select().from(orders).all()).toHaveLength(1);

    // Cancelled: the unit is on sale again, once; and a sync of the same feed agrees.
    const order = app.db.select().from(orders).get()!;
    expect(moveOrder(app.db, { orderId: order.id, to: 'cancelled', actor: 'staff:telegram:1', note: 'передумали' }).ok).toBe(true);
    expect(size().stock).toBe(1);
    await sync();
    expect(size().stock).toBe(1);
  });

  it('a cancellation before the warehouse takes the order gives back exactly what was reserved, once', async () => {
    const shop = createStockShop();
    await shop.sync({ 'KED-S': 3, BAG: 2 });
    const order = ok(shop.order(1, [{ offerId: 'KED-S', quantity: 2 }, { offerId: 'BAG', quantity: 1 }])).order;
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([1, 1]);
    ok(shop.move(order.id, 'confirmed'));
    ok(shop.move(order.id, 'sent', 'supplier:http'));
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([1, 1]);
    // The feed lowers its count meanwhile: the reservation is still subtracted from the new count.
    await shop.sync({ 'KED-S': 2, BAG: 2 });
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([0, 1]);
    ok(shop.move(order.id, 'cancelled', 'buyer:1'));
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([2, 2]);
    expect(shop.move(order.id, 'cancelled').ok).toBe(false);
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([2, 2]);
  });

  it('a feed lower than the reservations shows zero, never less, and a cancellation gives back only what the count allows', async () => {
    const shop = createStockShop();
    await shop.sync({ 'KED-S': 2 });
    const a = ok(shop.order(1, [{ offerId: 'KED-S', quantity: 1 }])).order;
    ok(shop.order(2, [{ offerId: 'KED-S', quantity: 1 }]));
    await shop.sync({ 'KED-S': 1 });
    expect(shop.shown('KED-S')).toBe(0);
    ok(shop.move(a.id, 'cancelled'));
    // One unit in the warehouse, one order still waiting for it: nothing to sell.
    expect(shop.shown('KED-S')).toBe(0);
  });

  it('once the warehouse has taken the order, a sync no longer counts it and a cancellation gives nothing back until the feed does', async () => {
    const { shop, order } = await confirmedOrder({ 'KED-S': 2 }, [{ offerId: 'KED-S', quantity: 1 }]);
    expect(shop.report(order.id, 'accepted')).toBe('applied');
    expect(shop.items(order.id)[0]!.reserved).toBe(0);
    expect(shop.shown('KED-S')).toBe(1);
    // The warehouse's feed now excludes the unit it took.
    await shop.sync({ 'KED-S': 1 });
    expect(shop.shown('KED-S')).toBe(1);
    ok(shop.move(order.id, 'cancelled'));
    // The unit goes back to the warehouse's shelf; the shop sells it when the warehouse counts it.
    expect(shop.shown('KED-S')).toBe(1);
    await shop.sync({ 'KED-S': 2 });
    expect(shop.shown('KED-S')).toBe(2);
  });

  it('a refused parcel that comes back is on sale again when the warehouse counts it, never twice', async () => {
    const { shop, order } = await confirmedOrder({ BAG: 1 }, [{ offerId: 'BAG', quantity: 1 }]);
    shop.report(order.id, 'shipped');
    await shop.sync({ BAG: 0 });
    shop.report(order.id, 'refused');
    expect(shop.report(order.id, 'returned')).toBe('applied');
    expect(shop.status(order.id)).toBe('returned');
    expect(shop.shown('BAG')).toBe(0);
    await shop.sync({ BAG: 1 });
    expect(shop.shown('BAG')).toBe(1);
    // A repeated "returned" changes nothing.
    shop.report(order.id, 'returned');
    expect(shop.shown('BAG')).toBe(1);
  });

  it('needs_attention: the missing size is not given back, the others stay held and go back on cancellation', async () => {
    const { shop, order } = await confirmedOrder({ 'KED-S': 2, BAG: 2 }, [{ offerId: 'KED-S', quantity: 1 }, { offerId: 'BAG', quantity: 1 }]);
    ok(shop.move(order.id, 'sent', 'supplier:http'));
    shop.report(order.id, 'out_of_stock', ['KED-S']);
    expect(shop.status(order.id)).toBe('needs_attention');
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([0, 1]);
    ok(shop.move(order.id, 'cancelled'));
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([0, 2]);
  });

  it('needs_attention without named offers: no item of the order comes back on sale by a cancellation', async () => {
    const { shop, order } = await confirmedOrder({ 'KED-S': 2, BAG: 2 }, [{ offerId: 'KED-S', quantity: 1 }, { offerId: 'BAG', quantity: 1 }]);
    shop.report(order.id, 'out_of_stock');
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([1, 1]);
    ok(shop.move(order.id, 'cancelled', 'buyer:1'));
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([1, 1]);
    await shop.sync({ 'KED-S': 2, BAG: 2 });
    expect([shop.shown('KED-S'), shop.shown('BAG')]).toEqual([2, 2]);
  });

  it('a size swap holds the new size and does not put the missing one back; a refused swap changes nothing', async () => {
    const { shop, order } = await confirmedOrder({ 'KED-S': 1, 'KED-M': 1 }, [{ offerId: 'KED-S', quantity: 1 }]);
    shop.report(order.id, 'out_of_stock', ['KED-S']);
    const item = shop.items(order.id)[0]!;
    const buyerId = shop.db.select().from(orders).where(eq(orders.id, order.id)).get()!.buyerId;
    const swap = (offerId: string) => swapItemSize(shop.db, { storefrontId: shop.storefrontId, buyerId, orderId: order.id, itemId: item.id, variantId: shop.variantId(offerId) });
    // Someone else takes the last M first: the swap is refused and holds nothing.
    ok(shop.order(2, [{ offerId: 'KED-M', quantity: 1 }]));
    expect(swap('KED-M')).toEqual({ ok: false, reason: 'size-gone' });
    expect(shop.status(order.id)).toBe('needs_attention');
    await shop.sync({ 'KED-S': 0, 'KED-M': 2 });
    expect(shop.shown('KED-M')).toBe(1);
    expect(swap('KED-M')).toEqual({ ok: true, size: 'M' });
    expect(shop.status(order.id)).toBe('confirmed');
    expect(shop.items(order.id)[0]).toMatchObject({ offerId: 'KED-M', reserved: 1 });
    expect([shop.shown('KED-S'), shop.shown('KED-M')]).toEqual([0, 0]);
    ok(shop.move(order.id, 'cancelled'));
    expect([shop.shown('KED-S'), shop.shown('KED-M')]).toEqual([0, 1]);
  });

  it('a swap after the warehouse had taken the order holds every item again, and only when they are on sale', async () => {
    const { shop, order } = await confirmedOrder({ 'KED-S': 1, 'KED-M': 1, BAG: 1 }, [{ offerId: 'KED-S', quantity: 1 }, { offerId: 'BAG', quantity: 1 }]);
    shop.report(order.id, 'accepted');
    shop.report(order.id, 'out_of_stock', ['KED-S']);
    const items = shop.items(order.id);
    expect(items.map((i) => i.reserved)).toEqual([0, 0]);
    const buyerId = shop.db.select().from(orders).where(eq(orders.id, order.id)).get()!.buyerId;
    const swap = () => swapItemSize(shop.db, { storefrontId: shop.storefrontId, buyerId, orderId: order.id, itemId: items[0]!.id, variantId: shop.variantId('KED-M') });
    // The bag the warehouse had taken is not on sale until its feed counts it again.
    expect(shop.shown('BAG')).toBe(0);
    expect(swap()).toEqual({ ok: false, reason: 'size-gone' });
    await shop.sync({ 'KED-S': 0, 'KED-M': 1, BAG: 1 });
    expect(swap()).toEqual({ ok: true, size: 'M' });
    expect(shop.items(order.id).map((i) => i.reserved)).toEqual([1, 1]);
    expect([shop.shown('KED-M'), shop.shown('BAG')]).toEqual([0, 0]);
  });

  it('an order the staff send again unchanged is held again', async () => {
    const { shop, order } = await confirmedOrder({ BAG: 3 }, [{ offerId: 'BAG', quantity: 1 }]);
    shop.report(order.id, 'out_of_stock');
    expect(shop.shown('BAG')).toBe(2);
    ok(shop.move(order.id, 'confirmed', 'staff:telegram:1', 'resent'));
    expect(shop.items(order.id)[0]!.reserved).toBe(1);
    expect(shop.shown('BAG')).toBe(1);
  });

  it('the warehouse naming a sold-out offer zeroes its count and what is on sale', async () => {
    const { shop, order } = await confirmedOrder({ BAG: 3 }, [{ offerId: 'BAG', quantity: 1 }]);
    shop.report(order.id, 'out_of_stock', ['BAG']);
    expect(shop.db.select().from(variants).where(eq(variants.offerId, 'BAG')).get()).toMatchObject({ stock: 0, feedStock: 0 });
  });
});

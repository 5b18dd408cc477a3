import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { ensureBuyer } from '../../src/buyers/buyer-service.js';
import { createCartService, type CartService } from '../../src/cart/cart-service.js';
import { createCatalogService, type CatalogService } from '../../src/catalog/catalog-service.js';
import { importCatalog } from '../../src/catalog/import/catalog-import.js';
import { readYml } from '../../src/catalog/import/yml-reader.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import * as schema from '../../src/db/schema.js';
import { orderItems, orders, variants, type OrderStatus } from '../../src/db/schema.js';
import { publicOrderId } from '../../src/fulfillment/provider.js';
import { recordStatusEvent, type SupplierStatusEvent } from '../../src/fulfillment/status-callback.js';
import { moveOrder, type TransitionResult } from '../../src/orders/order-lifecycle.js';
import { createOrderService, type OrderService, type PlaceOrderResult } from '../../src/orders/order-service.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';

/** A size the test warehouse sells: its offer id, product (group) and size (null: one size). */
export interface TestOffer {
  offerId: string;
  group: string;
  name: string;
  size: string | null;
}

/** Two products with two sizes each and a one-size bag. */
export const testOffers: readonly TestOffer[] = [
  { offerId: 'KED-S', group: 'KED', name: 'Кеды «Лето»', size: 'S' },
  { offerId: 'KED-M', group: 'KED', name: 'Кеды «Лето»', size: 'M' },
  { offerId: 'BOOT-38', group: 'BOOT', name: 'Ботинки «Зима»', size: '38' },
  { offerId: 'BOOT-39', group: 'BOOT', name: 'Ботинки «Зима»', size: '39' },
  { offerId: 'BAG', group: 'BAG', name: 'Сумка «Город»', size: null },
];

/** The warehouse's YML feed with these counts (offers not named count 0). */
export function feedWith(counts: Readonly<Record<string, number>>): string {
  const offers = testOffers.map(
    (o) => `<offer id="${o.offerId}" group_id="${o.group}" available="true"><price>1000</price><currencyId>RUR</currencyId><categoryId>1</categoryId>
      <name>${o.name}</name>${o.size ? `<param name="Размер">${o.size}</param>` : ''}<count>${counts[o.offerId] ?? 0}</count></offer>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><yml_catalog date="2026-12-01 10:00"><shop><name>Склад</name>
    <currencies><currency id="RUR" rate="1"/></currencies><categories><category id="1">Обувь и сумки</category></categories>
    <offers>${offers.join('\n')}</offers></shop></yml_catalog>`;
}

/**
 * A shop on an in-memory database driven through the real services: feed syncs through the real
 * import, orders through the cart and order services, the warehouse's reports through the
 * status callback's recorder.
 */
export interface StockShop {
  db: Db;
  catalog: CatalogService;
  cart: CartService;
  orders: OrderService;
  storefrontId: number;
  sync(counts: Readonly<Record<string, number>>): Promise<void>;
  /** A buyer (by number) puts these units in an emptied cart and confirms the checkout. */
  order(buyer: number, lines: ReadonlyArray<{ offerId: string; quantity: number }>): PlaceOrderResult | { ok: false; reason: 'not-added' };
  /** The stock a buyer is shown for a size (the product card's number). */
  shown(offerId: string): number;
  variantId(offerId: string): number;
  status(orderId: number): OrderStatus;
  items(orderId: number): Array<typeof orderItems.$inferSelect>;
  /** A staff member (or the buyer, `buyer:<id>`) moves the order. */
  move(orderId: number, to: OrderStatus, actor?: string, note?: string): TransitionResult;
  /** The warehouse reports a status (accepted, packed, shipped, delivered, refused, returned, cancelled, out_of_stock). */
  report(orderId: number, status: SupplierStatusEvent['status'], offerIds?: string[]): string;
}

let events = 0;

async function* once(text: string) {
  yield text;
}

let template: { bytes: Buffer; storefrontId: number } | undefined;

/** A fresh migrated database with the default storefront: migrated once, then copied (property tests open hundreds). */
function freshDatabase(): { db: Db; storefrontId: number } {
  if (!template) {
    const db = openDatabase(':memory:');
    const storefrontId = ensureDefaultStorefront(db, { name: 'Склад-тест', timeZone: 'Europe/Moscow' }).id;
    template = { bytes: db.$client.serialize(), storefrontId };
    db.$client.close();
  }
  const sqlite = new Database(template.bytes);
  sqlite.pragma('foreign_keys = ON');
  return { db: drizzle(sqlite, { schema }), storefrontId: template.storefrontId };
}

export function createStockShop(): StockShop {
  const { db, storefrontId } = freshDatabase();
  const catalog = createCatalogService(db);
  const cart = createCartService(db, catalog);
  const orderService = createOrderService(db, cart);
  const variantIds = new Map<string, number>();
  const variantId = (offerId: string) => {
    let id = variantIds.get(offerId);
    if (id === undefined) {
      id = db.select({ id: variants.id }).from(variants).where(eq(variants.offerId, offerId)).get()!.id;
      variantIds.set(offerId, id);
    }
    return id;
  };
  const buyerOf = (n: number) =>
    ensureBuyer(db, { storefrontId, channel: 'telegram', chatId: `b${n}`, userId: `b${n}` }, 'ru', `Покупатель ${n}`);
  return {
    db,
    catalog,
    cart,
    orders: orderService,
    storefrontId,
    async sync(counts) {
      await importCatalog(db, once(feedWith(counts)), readYml);
    },
    order(n, lines) {
      const buyer = buyerOf(n);
      for (const line of cart.lines(storefrontId, buyer.id)) cart.remove(storefrontId, buyer.id, line.id);
      for (const line of lines) cart.add(storefrontId, buyer.id, variantId(line.offerId), line.quantity);
      const inCart = cart.lines(storefrontId, buyer.id);
      if (inCart.length === 0) return { ok: false, reason: 'not-added' } as const;
      return orderService.placeOrder({
        storefrontId,
        buyer,
        delivery: { name: 'Анна', phone: '+79161234567', city: 'Москва', address: 'Тверская, 7' },
        checkoutKey: `k${++events}`,
        expected: inCart.map((l) => ({ variantId: l.variantId, quantity: l.quantity, price: l.price })),
      });
    },
    shown(offerId) {
      const id = variantId(offerId);
      const product = catalog.product(storefrontId, db.select().from(variants).where(eq(variants.id, id)).get()!.productId);
      return product?.variants.find((v) => v.id === id)?.stock ?? 0;
    },
    variantId,
    status(orderId) {
      return db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).get()!.status;
    },
    items(orderId) {
      return db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();
    },
    move(orderId, to, actor = 'staff:telegram:1', note = 'причина') {
      return moveOrder(db, { orderId, to, actor, note });
    },
    report(orderId, status, offerIds) {
      return recordStatusEvent(
        db,
        { event_id: `ev${++events}`, order_id: publicOrderId(orderId), status, ...(offerIds ? { offer_ids: offerIds } : {}) },
        'supplier:http',
      );
    },
  };
}

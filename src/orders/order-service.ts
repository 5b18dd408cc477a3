import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { buyers, cartItems, orderHistory, orderItems, orders, storefronts, variants } from '../db/schema.js';
import type { Buyer, DeliveryDetails } from '../buyers/buyer-service.js';
import type { CartService } from '../cart/cart-service.js';

/** An order row. */
export type Order = typeof orders.$inferSelect;
/** An order with its items and history, for the order card. */
export type OrderDetails = Order & {
  items: Array<typeof orderItems.$inferSelect>;
  history: Array<typeof orderHistory.$inferSelect>;
};

/** A line of the summary the buyer confirmed: what they saw, to be checked against now. */
export interface CheckoutLine {
  variantId: number;
  quantity: number;
  price: number;
}

/** What the buyer confirmed at checkout. */
export interface PlaceOrderInput {
  storefrontId: number;
  buyer: Buyer;
  delivery: DeliveryDetails;
  comment?: string;
  /** One per checkout: a repeated confirmation of the same checkout returns the same order. */
  checkoutKey: string;
  /** The summary the buyer saw; if the cart, prices or stock differ now, nothing is placed. */
  expected: CheckoutLine[];
}

/** The outcome of placing an order. */
export type PlaceOrderResult =
  | { ok: true; order: Order; duplicate: boolean }
  | { ok: false; reason: 'empty' | 'changed' };

/** Cash-on-delivery orders of a storefront. */
export interface OrderService {
  /** Stores the order, reserves stock and empties the cart in one transaction. */
  placeOrder(input: PlaceOrderInput): PlaceOrderResult;
  byCheckoutKey(storefrontId: number, key: string): Order | undefined;
  /** A buyer's orders, newest first. */
  listForBuyer(storefrontId: number, buyerId: number, offset: number, limit: number): { items: Order[]; total: number };
  /** One of the buyer's own orders with items and history. */
  detailsForBuyer(storefrontId: number, buyerId: number, orderId: number): OrderDetails | undefined;
}

/** True when the cart still matches the confirmed summary exactly and every line can be filled. */
function matchesSummary(lines: ReturnType<CartService['lines']>, expected: CheckoutLine[]): boolean {
  if (lines.length !== expected.length) return false;
  const wanted = new Map(expected.map((l) => [l.variantId, l]));
  return lines.every((line) => {
    const seen = wanted.get(line.variantId);
    return (
      seen !== undefined &&
      seen.quantity === line.quantity &&
      seen.price === line.price &&
      line.listed &&
      line.stock >= line.quantity
    );
  });
}

/** Creates the order service. Its statements are prepared once: confirming an order runs eight of them. */
export function createOrderService(db: Db, cart: CartService): OrderService {
  const p = sql.placeholder;
  const ofStorefront = eq(orders.storefrontId, p('storefrontId'));
  const ofBuyer = and(ofStorefront, eq(orders.buyerId, p('buyerId')));
  const orderByKey = db.select().from(orders).where(and(ofStorefront, eq(orders.checkoutKey, p('key')))).prepare();
  const nextNumber = db
    .update(storefronts)
    .set({ lastOrderNumber: sql`${storefronts.lastOrderNumber} + 1` })
    .where(eq(storefronts.id, p('storefrontId')))
    .returning({ n: storefronts.lastOrderNumber })
    .prepare();
  const insertOrder = db
    .insert(orders)
    .values({
      storefrontId: p('storefrontId'),
      buyerId: p('buyerId'),
      number: p('number'),
      status: 'new',
      checkoutKey: p('checkoutKey'),
      total: p('total'),
      channel: p('channel'),
      chatId: p('chatId'),
      locale: p('locale'),
      deliveryName: p('deliveryName'),
      deliveryPhone: p('deliveryPhone'),
      deliveryCity: p('deliveryCity'),
      deliveryAddress: p('deliveryAddress'),
      comment: p('comment'),
      createdAt: p('now'),
      statusAt: p('now'),
    })
    .returning()
    .prepare();
  const takeStock = db
    .update(variants)
    .set({ stock: sql`${variants.stock} - ${p('quantity')}` })
    .where(and(eq(variants.id, p('variantId')), sql`${variants.stock} >= ${p('quantity')}`))
    .returning({ offerId: variants.offerId, wholesalePrice: variants.wholesalePrice })
    .prepare();
  const insertItem = db
    .insert(orderItems)
    .values({
      orderId: p('orderId'),
      variantId: p('variantId'),
      productId: p('productId'),
      offerId: p('offerId'),
      name: p('name'),
      size: p('size'),
      quantity: p('quantity'),
      price: p('price'),
      wholesalePrice: p('wholesalePrice'),
      // Held against the warehouse's count until it takes the order (stock-reservations.ts).
      reserved: p('quantity'),
    })
    .prepare();
  const insertHistory = db
    .insert(orderHistory)
    .values({ orderId: p('orderId'), at: p('at'), actor: p('actor'), fromStatus: null, toStatus: 'new' })
    .prepare();
  const emptyCart = db
    .delete(cartItems)
    .where(and(eq(cartItems.storefrontId, p('storefrontId')), eq(cartItems.buyerId, p('buyerId'))))
    .prepare();
  const rememberDelivery = db
    .update(buyers)
    .set({ deliveryName: sql`${p('name')}`, deliveryPhone: sql`${p('phone')}`, deliveryCity: sql`${p('city')}`, deliveryAddress: sql`${p('address')}` })
    .where(eq(buyers.id, p('buyerId')))
    .prepare();
  const countOfBuyer = db.select({ n: sql<number>`count(*)` }).from(orders).where(ofBuyer).prepare();
  const pageOfBuyer = db.select().from(orders).where(ofBuyer).orderBy(desc(orders.id)).limit(p('limit')).offset(p('offset')).prepare();
  const orderOfBuyer = db.select().from(orders).where(and(eq(orders.id, p('orderId')), ofBuyer)).prepare();
  const itemsOf = db.select().from(orderItems).where(eq(orderItems.orderId, p('orderId'))).orderBy(asc(orderItems.id)).prepare();
  const historyOf = db
    .select()
    .from(orderHistory)
    .where(eq(orderHistory.orderId, p('orderId')))
    .orderBy(asc(orderHistory.at), asc(orderHistory.id))
    .prepare();

  const service: OrderService = {
    placeOrder(input) {
      const { storefrontId, buyer, delivery } = input;
      // better-sqlite3 transactions are synchronous: nothing here awaits, so two confirmations
      // cannot interleave, and the stock check and the decrement happen together.
      return inTransaction(db, (): PlaceOrderResult => {
        const existing = service.byCheckoutKey(storefrontId, input.checkoutKey);
        if (existing) return { ok: true, order: existing, duplicate: true };
        const lines = cart.lines(storefrontId, buyer.id);
        if (lines.length === 0) return { ok: false, reason: 'empty' };
        if (!matchesSummary(lines, input.expected)) return { ok: false, reason: 'changed' };

        const number = nextNumber.get({ storefrontId })!.n;
        const now = Date.now();
        const order = insertOrder.get({
          storefrontId,
          buyerId: buyer.id,
          number,
          checkoutKey: input.checkoutKey,
          total: lines.reduce((sum, l) => sum + l.price * l.quantity, 0),
          channel: buyer.channel,
          chatId: buyer.chatId,
          locale: buyer.locale,
          deliveryName: delivery.name,
          deliveryPhone: delivery.phone,
          deliveryCity: delivery.city,
          deliveryAddress: delivery.address,
          comment: input.comment ?? null,
          now,
        })!;
        for (const line of lines) {
          const variant = takeStock.get({ variantId: line.variantId, quantity: line.quantity });
          if (!variant) throw new Error(`stock of variant ${line.variantId} changed inside the order transaction`);
          insertItem.run({
            orderId: order.id,
            variantId: line.variantId,
            productId: line.productId,
            offerId: variant.offerId,
            name: line.name,
            size: line.size,
            quantity: line.quantity,
            price: line.price,
            wholesalePrice: variant.wholesalePrice,
          });
        }
        insertHistory.run({ orderId: order.id, at: now, actor: `buyer:${buyer.id}` });
        emptyCart.run({ storefrontId, buyerId: buyer.id });
        rememberDelivery.run({ buyerId: buyer.id, name: delivery.name, phone: delivery.phone, city: delivery.city, address: delivery.address });
        return { ok: true, order, duplicate: false };
      });
    },

    byCheckoutKey(storefrontId, key) {
      return orderByKey.get({ storefrontId, key });
    },

    listForBuyer(storefrontId, buyerId, offset, limit) {
      const total = countOfBuyer.get({ storefrontId, buyerId })?.n ?? 0;
      return { items: pageOfBuyer.all({ storefrontId, buyerId, limit, offset }), total };
    },

    detailsForBuyer(storefrontId, buyerId, orderId) {
      const order = orderOfBuyer.get({ storefrontId, buyerId, orderId });
      if (!order) return undefined;
      return { ...order, items: itemsOf.all({ orderId }), history: historyOf.all({ orderId }) };
    },
  };
  return service;
}

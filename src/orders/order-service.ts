import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
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

/** Creates the order service. */
export function createOrderService(db: Db, cart: CartService): OrderService {
  const service: OrderService = {
    placeOrder(input) {
      const { storefrontId, buyer } = input;
      // better-sqlite3 transactions are synchronous: nothing here awaits, so two confirmations
      // cannot interleave, and the stock check and the decrement happen together.
      return db.transaction((tx): PlaceOrderResult => {
        const existing = service.byCheckoutKey(storefrontId, input.checkoutKey);
        if (existing) return { ok: true, order: existing, duplicate: true };
        const lines = cart.lines(storefrontId, buyer.id);
        if (lines.length === 0) return { ok: false, reason: 'empty' };
        if (!matchesSummary(lines, input.expected)) return { ok: false, reason: 'changed' };

        const number = tx
          .update(storefronts)
          .set({ lastOrderNumber: sql`${storefronts.lastOrderNumber} + 1` })
          .where(eq(storefronts.id, storefrontId))
          .returning({ n: storefronts.lastOrderNumber })
          .get().n;
        const now = Date.now();
        const order = tx
          .insert(orders)
          .values({
            storefrontId,
            buyerId: buyer.id,
            number,
            status: 'new',
            checkoutKey: input.checkoutKey,
            total: lines.reduce((sum, l) => sum + l.price * l.quantity, 0),
            channel: buyer.channel,
            chatId: buyer.chatId,
            locale: buyer.locale,
            deliveryName: input.delivery.name,
            deliveryPhone: input.delivery.phone,
            deliveryCity: input.delivery.city,
            deliveryAddress: input.delivery.address,
            comment: input.comment ?? null,
            createdAt: now,
            statusAt: now,
          })
          .returning()
          .get();
        for (const line of lines) {
          const variant = tx
            .update(variants)
            .set({ stock: sql`${variants.stock} - ${line.quantity}` })
            .where(and(eq(variants.id, line.variantId), sql`${variants.stock} >= ${line.quantity}`))
            .returning({ offerId: variants.offerId, wholesalePrice: variants.wholesalePrice })
            .get();
          if (!variant) throw new Error(`stock of variant ${line.variantId} changed inside the order transaction`);
          tx.insert(orderItems)
            .values({
              orderId: order.id,
              variantId: line.variantId,
              productId: line.productId,
              offerId: variant.offerId,
              name: line.name,
              size: line.size,
              quantity: line.quantity,
              price: line.price,
              wholesalePrice: variant.wholesalePrice,
            })
            .run();
        }
        tx.insert(orderHistory)
          .values({ orderId: order.id, at: now, actor: `buyer:${buyer.id}`, fromStatus: null, toStatus: 'new' })
          .run();
        tx.delete(cartItems).where(and(eq(cartItems.storefrontId, storefrontId), eq(cartItems.buyerId, buyer.id))).run();
        tx.update(buyers)
          .set({
            deliveryName: input.delivery.name,
            deliveryPhone: input.delivery.phone,
            deliveryCity: input.delivery.city,
            deliveryAddress: input.delivery.address,
          })
          .where(eq(buyers.id, buyer.id))
          .run();
        return { ok: true, order, duplicate: false };
      });
    },

    byCheckoutKey(storefrontId, key) {
      return db
        .select()
        .from(orders)
        .where(and(eq(orders.storefrontId, storefrontId), eq(orders.checkoutKey, key)))
        .get();
    },

    listForBuyer(storefrontId, buyerId, offset, limit) {
      const mine = and(eq(orders.storefrontId, storefrontId), eq(orders.buyerId, buyerId));
      const total = db.select({ n: sql<number>`count(*)` }).from(orders).where(mine).get()?.n ?? 0;
      const items = db.select().from(orders).where(mine).orderBy(desc(orders.id)).limit(limit).offset(offset).all();
      return { items, total };
    },

    detailsForBuyer(storefrontId, buyerId, orderId) {
      const order = db
        .select()
        .from(orders)
        .where(and(eq(orders.id, orderId), eq(orders.storefrontId, storefrontId), eq(orders.buyerId, buyerId)))
        .get();
      if (!order) return undefined;
      const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)).all();
      const history = db
        .select()
        .from(orderHistory)
        .where(eq(orderHistory.orderId, orderId))
        .orderBy(asc(orderHistory.at), asc(orderHistory.id))
        .all();
      return { ...order, items, history };
    },
  };
  return service;
}

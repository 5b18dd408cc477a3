import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { buyers, orderHistory, orderItems, orders, type OrderStatus } from '../db/schema.js';
import { handoffStatus, retryHandoff, type HandoffStatus } from '../fulfillment/handoff-status.js';
import type { Channel } from '../shared/conversation.js';
import type { Order, OrderDetails } from './order-service.js';

/** An order row, as staff see it. */
export type StaffOrder = Order;

/** The status filters of the staff order list, in the order their buttons show. */
export const staffOrderFilters = [
  { id: 'active', statuses: ['new', 'confirmed', 'sent', 'accepted', 'packed', 'shipped', 'needs_attention'] },
  { id: 'new', statuses: ['new'] },
  { id: 'done', statuses: ['delivered'] },
  { id: 'closed', statuses: ['cancelled', 'refused', 'returned'] },
] as const satisfies ReadonlyArray<{ id: string; statuses: readonly OrderStatus[] }>;

/** One of the staff order list's filters. */
export type StaffOrderFilter = (typeof staffOrderFilters)[number];

/** Everything the staff's order card shows: the order, its items and history, the buyer's account, the hand-off's trouble. */
export type StaffOrderCard = OrderDetails & {
  buyer: { channel: Channel; userId: string };
  /** Where the hand-off to the warehouse is stuck, if it is. */
  handoff?: HandoffStatus;
};

/**
 * A storefront's orders as its staff read them. Every query takes the storefront and never
 * returns another storefront's order: an order id or number from elsewhere is "not found".
 */
export interface StaffOrderQueries {
  /** One page of the storefront's orders with the filter's statuses, newest first, and how many there are. */
  page(storefrontId: number, filter: StaffOrderFilter, page: number, pageSize: number): { items: StaffOrder[]; total: number };
  /** The storefront's order with this id. */
  byId(storefrontId: number, orderId: number): StaffOrder | undefined;
  /** The storefront's order with this number. */
  byNumber(storefrontId: number, number: number): StaffOrder | undefined;
  /** The storefront's order with everything its card shows. */
  card(storefrontId: number, orderId: number): StaffOrderCard | undefined;
  /** Puts a confirmed order's refused or blocked hand-off back in line; false when there was nothing to retry. */
  retryHandoff(storefrontId: number, orderId: number): boolean;
}

/** Creates the staff's order queries. */
export function createStaffOrderQueries(db: Db): StaffOrderQueries {
  const byId = (storefrontId: number, orderId: number) =>
    db
      .select()
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.storefrontId, storefrontId)))
      .get();
  return {
    page(storefrontId, filter, page, pageSize) {
      const where = and(eq(orders.storefrontId, storefrontId), inArray(orders.status, [...filter.statuses]));
      const total = db.select({ n: sql<number>`count(*)` }).from(orders).where(where).get()?.n ?? 0;
      const items = db.select().from(orders).where(where).orderBy(desc(orders.id)).limit(pageSize).offset(page * pageSize).all();
      return { items, total };
    },
    byId,
    byNumber: (storefrontId, number) =>
      db
        .select()
        .from(orders)
        .where(and(eq(orders.storefrontId, storefrontId), eq(orders.number, number)))
        .get(),
    card(storefrontId, orderId) {
      const order = byId(storefrontId, orderId);
      if (!order) return undefined;
      const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();
      const history = db.select().from(orderHistory).where(eq(orderHistory.orderId, orderId)).orderBy(orderHistory.at).all();
      const buyer = db.select({ channel: buyers.channel, userId: buyers.userId }).from(buyers).where(eq(buyers.id, order.buyerId)).get()!;
      return { ...order, items, history, buyer, handoff: handoffStatus(db, order.id) };
    },
    retryHandoff(storefrontId, orderId) {
      const order = byId(storefrontId, orderId);
      return order?.status === 'confirmed' && retryHandoff(db, orderId);
    },
  };
}

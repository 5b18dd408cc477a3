import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orderItems, orders, storefronts } from '../db/schema.js';
import { cancelTooLateNote, noticeStaff } from '../orders/order-effects.js';
import { moveOrder } from '../orders/order-lifecycle.js';
import { markOffersSoldOut } from '../orders/stock-reservations.js';
import type { DeliveryHandler } from '../outbox/outbox-worker.js';
import { addBuyerStage, type OutboxRow } from '../outbox/outbox.js';
import type { FulfillmentProvider, HandoffOrder } from './provider.js';
import { publicOrderId } from './provider.js';

/** Loads what a provider needs for an order; undefined when the order is gone. */
export function loadHandoff(db: Db, orderId: number, round: number): HandoffOrder | undefined {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!order) return undefined;
  const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)).all();
  const storefront = db.select({ id: storefronts.id, name: storefronts.name }).from(storefronts).where(eq(storefronts.id, order.storefrontId)).get()!;
  // A second round (after a size swap) is a new warehouse order: it needs its own key.
  const id = publicOrderId(orderId);
  return { order, items, storefront, handoffKey: round > 1 ? `${id}-${round}` : id };
}

function roundOf(row: OutboxRow): number {
  return (JSON.parse(row.payload) as { round?: number }).round ?? 1;
}

/**
 * The outbox handlers that talk to the warehouse through the configured provider: the hand-off
 * of a confirmed order and the cancellation of one the warehouse has.
 */
export function createFulfillmentHandlers(db: Db, provider: FulfillmentProvider): { handoff: DeliveryHandler; cancel: DeliveryHandler } {
  const actor = `supplier:${provider.code}`;
  return {
    async handoff(row) {
      const round = roundOf(row);
      const handoff = row.orderId === null ? undefined : loadHandoff(db, row.orderId, round);
      if (!handoff) return { outcome: 'failed', error: 'order not found' };
      // Cancelled (or changed) while it waited: the warehouse must not get it.
      if (handoff.order.status !== 'confirmed' || handoff.order.handoffRound !== round) return { outcome: 'done', note: `not handed off: order is ${handoff.order.status}` };
      const result = await provider.submit(handoff);
      const orderId = handoff.order.id;
      switch (result.outcome) {
        case 'accepted': {
          const facts = result.supplierOrderId ? { supplierOrderId: result.supplierOrderId } : undefined;
          moveOrder(db, { orderId, to: 'sent', actor, facts });
          if (result.status === 'accepted') moveOrder(db, { orderId, to: 'accepted', actor });
          return { outcome: 'done' };
        }
        case 'out-of-stock': {
          markSoldOut(db, result.offerIds);
          moveOrder(db, { orderId, to: 'needs_attention', actor, note: `out_of_stock:${result.offerIds.join(',')}` });
          return { outcome: 'done', note: 'out of stock' };
        }
        case 'rejected':
          db.transaction((tx) => noticeStaff(tx, handoff.order, 'handoff_rejected', row.id, result.message));
          return { outcome: 'failed', error: `rejected: ${result.message}` };
        case 'unauthorized':
          return { outcome: 'blocked', error: 'the warehouse refused the signature: check SUPPLIER_API_SECRET' };
        case 'retry':
          return { outcome: 'retry', error: result.error };
      }
    },

    async cancel(row) {
      if (row.orderId === null || !provider.cancel) return { outcome: 'done', note: 'provider cannot cancel' };
      const order = db.select().from(orders).where(eq(orders.id, row.orderId)).get();
      if (!order) return { outcome: 'failed', error: 'order not found' };
      const handoff = loadHandoff(db, order.id, order.handoffRound)!;
      const result = await provider.cancel(handoff);
      switch (result.outcome) {
        case 'cancelled':
        case 'unknown':
          return { outcome: 'done', note: result.outcome };
        case 'too-late':
          db.transaction((tx) => {
            noticeStaff(tx, order, 'cancel_too_late', row.id);
            // The buyer was told "cancelled", but a parcel is coming: they must know they can simply refuse it.
            addBuyerStage(tx, order, { status: 'cancelled', at: Date.now(), note: cancelTooLateNote });
          });
          return { outcome: 'done', note: 'already shipped' };
        case 'unauthorized':
          return { outcome: 'blocked', error: 'the warehouse refused the signature: check SUPPLIER_API_SECRET' };
        case 'retry':
          return { outcome: 'retry', error: result.error };
      }
    },
  };
}

/** The warehouse knows its stock better than the feed did: the offers it cannot fill are sold out. */
export function markSoldOut(db: Db, offerIds: string[]): void {
  markOffersSoldOut(db, offerIds);
}

import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orders, type OrderStatus } from '../db/schema.js';
import { addBuyerStage, enqueue } from '../outbox/outbox.js';
import { enqueueForStaff } from '../outbox/to-staff.js';
import { chargeReturnFee, settleDelivered } from '../settlement/settlement.js';

/** The transaction a status change runs in. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** One applied status change, as the effects see it. */
export interface AppliedChange {
  order: typeof orders.$inferSelect;
  from: OrderStatus;
  to: OrderStatus;
  actor: string;
  note?: string;
  /** A stage the warehouse skipped over: recorded, but nobody is told about it. */
  skipped: boolean;
  at: number;
}

/** The note of a buyer stage that says a cancellation reached the warehouse after the parcel left. */
export const cancelTooLateNote = 'cancel_too_late';

/** Who confirms the orders of storefronts that confirm by themselves. */
export const autoConfirmActor = 'system:auto-confirm';

/** Stages the buyer hears about. */
const toldToBuyer: readonly OrderStatus[] = ['confirmed', 'accepted', 'packed', 'shipped', 'delivered', 'refused', 'cancelled', 'needs_attention'];

/** What a staff notice is about. */
export type StaffNoticeEvent =
  | 'needs_attention'
  | 'refused'
  | 'cancelled_by_warehouse'
  | 'cancelled_by_buyer'
  | 'cancel_too_late'
  | 'stale'
  | 'unconfirmed'
  | 'handoff_rejected'
  | 'swapped';

/**
 * Writes a staff notice for an order, one row per staff member; `tag` keeps two notices about
 * different moments apart.
 */
export function noticeStaff(tx: Pick<Tx, 'insert' | 'select' | 'update'>, order: { id: number; storefrontId: number }, event: StaffNoticeEvent, tag: string | number, note?: string): void {
  enqueueForStaff(tx, { kind: 'staff-notice', key: `staff-notice:${order.id}:${event}:${tag}`, storefrontId: order.storefrontId, orderId: order.id, payload: { event, note } });
}

/**
 * Records, in the change's own transaction, everything that must follow it: the hand-off to the
 * warehouse, a cancellation there, the buyer's status message, staff notices and settlement.
 * The outbox worker delivers them once the transaction has committed.
 */
export function recordEffects(tx: Tx, change: AppliedChange): void {
  const { order, to, at } = change;
  if (change.skipped) return;
  const fromWarehouse = change.actor.startsWith('supplier:');
  const byBuyer = change.actor.startsWith('buyer:');
  switch (to) {
    case 'confirmed': {
      const round = order.handoffRound + 1;
      tx.update(orders).set({ handoffRound: round }).where(eq(orders.id, order.id)).run();
      enqueue(tx, { kind: 'handoff', key: `handoff:${order.id}:${round}`, storefrontId: order.storefrontId, orderId: order.id, payload: { round } }, at);
      // The buyer answered "out of stock" with another size: the staff who were told of the problem hear it is solved.
      if (byBuyer && change.from === 'needs_attention') noticeStaff(tx, order, 'swapped', at, change.note);
      break;
    }
    case 'cancelled':
      // The warehouse only needs telling when it has (or may have) the order and did not cancel it itself.
      if (order.handoffRound > 0 && !fromWarehouse) {
        enqueue(tx, { kind: 'cancel', key: `cancel:${order.id}`, storefrontId: order.storefrontId, orderId: order.id }, at);
      }
      if (fromWarehouse) noticeStaff(tx, order, 'cancelled_by_warehouse', at, change.note);
      if (byBuyer) noticeStaff(tx, order, 'cancelled_by_buyer', at);
      break;
    case 'needs_attention':
      noticeStaff(tx, order, 'needs_attention', at, change.note);
      break;
    case 'refused':
      noticeStaff(tx, order, 'refused', at, change.note);
      chargeReturnFee(tx, order, at);
      break;
    case 'delivered':
      settleDelivered(tx, order, at);
      break;
    default:
      break;
  }
  // The buyer sees their own changes on screen at once, and an order confirmed at checkout says so
  // on the spot: a message about either would be noise.
  const seenAlready = byBuyer || change.actor === autoConfirmActor;
  if (toldToBuyer.includes(to) && !seenAlready) addBuyerStage(tx, order, { status: to, at, ...(change.note ? { note: change.note } : {}) });
}

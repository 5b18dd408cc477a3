import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orderHistory, orders, type OrderStatus } from '../db/schema.js';
import { eraseIfForgotten } from '../buyers/personal-data.js';
import { recordEffects, type Tx } from './order-effects.js';
import { settleReservations } from './stock-reservations.js';

/** Why a status change was refused. */
export type TransitionRefusal = 'not-allowed' | 'unknown-order' | 'reason-required';

/** The order lifecycle: which status may follow which (docs/architecture.md). */
export const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ['confirmed', 'cancelled'],
  // The warehouse may refuse a hand-off at once (out of stock).
  confirmed: ['sent', 'cancelled', 'needs_attention'],
  sent: ['accepted', 'cancelled', 'needs_attention'],
  accepted: ['packed', 'cancelled', 'needs_attention'],
  // Cancelling is possible until the parcel leaves the warehouse.
  packed: ['shipped', 'cancelled'],
  shipped: ['delivered', 'refused'],
  delivered: [],
  refused: ['returned'],
  returned: [],
  cancelled: [],
  needs_attention: ['confirmed', 'cancelled'],
};

/** What a change needs besides the table: a guard returns the reason it is refused. */
type Guard = (input: MoveInput) => TransitionRefusal | undefined;
const guards: Partial<Record<OrderStatus, Guard>> = {
  // The buyer is always told why their order was cancelled.
  cancelled: (input) => (input.note?.trim() || input.actor.startsWith('supplier:') ? undefined : 'reason-required'),
};

/** The way forward through the warehouse's stages; a callback may skip some of them. */
const progress: readonly OrderStatus[] = ['confirmed', 'sent', 'accepted', 'packed', 'shipped', 'delivered'];

/** Checks a change against the table; a reason when it is not allowed. */
export function canMove(from: OrderStatus, to: OrderStatus): TransitionRefusal | undefined {
  return transitions[from].includes(to) ? undefined : 'not-allowed';
}

/** Facts that come with a change: the warehouse's number, the carrier, the cash collected. */
export interface OrderFacts {
  supplierOrderId?: string;
  carrier?: string;
  trackingNumber?: string;
  codCollected?: number;
}

/** A requested status change. */
export interface MoveInput {
  /** Limits the change to this storefront's orders (staff); absent for the warehouse and the system. */
  storefrontId?: number;
  orderId: number;
  to: OrderStatus;
  /** Who or what: `buyer:<id>`, `staff:<channel>:<user>`, `system:<why>`, `supplier:<code>`. */
  actor: string;
  note?: string;
  facts?: OrderFacts;
}

/** The outcome of a status change. */
export type TransitionResult =
  | { ok: true; from: OrderStatus; to: OrderStatus; skipped: OrderStatus[] }
  | { ok: false; reason: TransitionRefusal; status?: OrderStatus };

function applyStep(tx: Tx, orderId: number, from: OrderStatus, to: OrderStatus, input: MoveInput, skipped: boolean, at: number): void {
  tx.update(orders).set({ status: to, statusAt: at, staleNoticeAt: null }).where(eq(orders.id, orderId)).run();
  tx.insert(orderHistory)
    .values({ orderId, at, actor: input.actor, fromStatus: from, toStatus: to, note: skipped ? 'skipped' : (input.note ?? null) })
    .run();
  settleReservations(tx, { orderId, from, to, note: input.note });
  const order = tx.select().from(orders).where(eq(orders.id, orderId)).get()!;
  recordEffects(tx, { order, from, to, actor: input.actor, note: input.note, skipped, at });
  // A buyer who asked to be forgotten while this order travelled: its details go now that it is over.
  eraseIfForgotten(tx, order, at);
}

function saveFacts(tx: Tx, orderId: number, facts: OrderFacts | undefined): void {
  if (!facts) return;
  const set: Partial<typeof orders.$inferInsert> = {};
  if (facts.supplierOrderId) set.supplierOrderId = facts.supplierOrderId;
  if (facts.carrier) set.carrier = facts.carrier;
  if (facts.trackingNumber) set.trackingNumber = facts.trackingNumber;
  if (facts.codCollected !== undefined) set.codCollected = facts.codCollected;
  if (Object.keys(set).length > 0) tx.update(orders).set(set).where(eq(orders.id, orderId)).run();
}

/**
 * Moves an order to a new status in one transaction: the status, a history line (who, when,
 * from, to, note), the order's reserved stock settled (stock-reservations.ts), and the outbox rows of what must
 * follow (hand-off, buyer message, settlement). Nothing is sent from here.
 */
export function moveOrder(db: Db, input: MoveInput): TransitionResult {
  return db.transaction((tx) => {
    const order = tx
      .select({ status: orders.status, storefrontId: orders.storefrontId })
      .from(orders)
      .where(input.storefrontId === undefined ? eq(orders.id, input.orderId) : and(eq(orders.id, input.orderId), eq(orders.storefrontId, input.storefrontId)))
      .get();
    if (!order) return { ok: false, reason: 'unknown-order' } as const;
    const refusal = canMove(order.status, input.to) ?? guards[input.to]?.(input);
    if (refusal) return { ok: false, reason: refusal, status: order.status } as const;
    saveFacts(tx, input.orderId, input.facts);
    applyStep(tx, input.orderId, order.status, input.to, input, false, Date.now());
    return { ok: true, from: order.status, to: input.to, skipped: [] } as const;
  });
}

/** The stages between two statuses along the warehouse's way, or undefined when `to` is not ahead. */
export function pathForward(from: OrderStatus, to: OrderStatus): OrderStatus[] | undefined {
  if (canMove(from, to) === undefined) return [to];
  // A refusal comes after shipping instead of delivery.
  const way: readonly OrderStatus[] = to === 'refused' || to === 'returned' ? [...progress.slice(0, -1), 'refused', 'returned'] : progress;
  const here = way.indexOf(from);
  const there = way.indexOf(to);
  if (here < 0 || there <= here) return undefined;
  return way.slice(here + 1, there + 1);
}

/**
 * Moves an order forward to a status the warehouse reported, recording the stages it skipped
 * (a callback for `delivered` may overtake `shipped`). A status that is not ahead of the
 * order's is refused with `not-allowed`: nothing ever moves backwards.
 */
export function advanceOrder(db: Db, input: MoveInput): TransitionResult {
  return db.transaction((tx) => {
    const order = tx.select({ status: orders.status }).from(orders).where(eq(orders.id, input.orderId)).get();
    if (!order) return { ok: false, reason: 'unknown-order' } as const;
    const path = pathForward(order.status, input.to);
    if (!path) return { ok: false, reason: 'not-allowed', status: order.status } as const;
    const refusal = guards[input.to]?.(input);
    if (refusal) return { ok: false, reason: refusal, status: order.status } as const;
    saveFacts(tx, input.orderId, input.facts);
    const at = Date.now();
    let from = order.status;
    for (const step of path) {
      applyStep(tx, input.orderId, from, step, input, step !== input.to, at);
      from = step;
    }
    return { ok: true, from: order.status, to: input.to, skipped: path.slice(0, -1) } as const;
  });
}

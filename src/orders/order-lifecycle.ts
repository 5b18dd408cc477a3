import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orderHistory, orderItems, orders, variants, type OrderStatus } from '../db/schema.js';

/** Why a status change was refused. */
export type TransitionRefusal = 'not-allowed' | 'unknown-order';

/** The order lifecycle: which status may follow which (DESIGN.md). */
export const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  new: ['confirmed', 'cancelled'],
  confirmed: ['sent', 'cancelled'],
  sent: ['accepted', 'cancelled', 'needs_attention'],
  accepted: ['packed', 'cancelled', 'needs_attention'],
  packed: ['shipped'],
  shipped: ['delivered', 'refused'],
  delivered: [],
  refused: ['returned'],
  returned: [],
  cancelled: [],
  needs_attention: ['confirmed', 'cancelled'],
};

/** Statuses whose stock goes back on sale. */
const releasesStock: readonly OrderStatus[] = ['cancelled', 'returned'];

/** Checks a change against the table; a reason when it is not allowed. */
export function canMove(from: OrderStatus, to: OrderStatus): TransitionRefusal | undefined {
  return transitions[from].includes(to) ? undefined : 'not-allowed';
}

/** The outcome of a status change. */
export type TransitionResult = { ok: true; from: OrderStatus; to: OrderStatus } | { ok: false; reason: TransitionRefusal; status?: OrderStatus };

/**
 * Moves an order of a storefront to a new status, appending to its history (who, when, from, to,
 * note) and releasing reserved stock on cancellation or return, all in one transaction.
 */
export function moveOrder(db: Db, input: { storefrontId: number; orderId: number; to: OrderStatus; actor: string; note?: string }): TransitionResult {
  return db.transaction((tx) => {
    const order = tx
      .select({ status: orders.status })
      .from(orders)
      .where(and(eq(orders.id, input.orderId), eq(orders.storefrontId, input.storefrontId)))
      .get();
    if (!order) return { ok: false, reason: 'unknown-order' } as const;
    const refusal = canMove(order.status, input.to);
    if (refusal) return { ok: false, reason: refusal, status: order.status } as const;
    tx.update(orders).set({ status: input.to }).where(eq(orders.id, input.orderId)).run();
    tx.insert(orderHistory)
      .values({ orderId: input.orderId, at: Date.now(), actor: input.actor, fromStatus: order.status, toStatus: input.to, note: input.note ?? null })
      .run();
    if (releasesStock.includes(input.to)) {
      for (const item of tx.select().from(orderItems).where(eq(orderItems.orderId, input.orderId)).all()) {
        tx.update(variants).set({ stock: sql`${variants.stock} + ${item.quantity}` }).where(eq(variants.id, item.variantId)).run();
      }
    }
    return { ok: true, from: order.status, to: input.to } as const;
  });
}

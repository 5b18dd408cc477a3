import { and, eq, gt, sql } from 'drizzle-orm';
import { orderItems, variants, type OrderStatus } from '../db/schema.js';
import type { Tx } from './order-effects.js';

// The stock a buyer sees (`variants.stock`) is the warehouse's count (`variants.feed_stock`) minus
// the units of orders the warehouse has not yet taken (`order_items.reserved`), never below zero.
// Every writer of either side recomputes it in the same statement or transaction, so a feed sync
// cannot forget a reservation and a cancellation cannot add a unit on top of a fresh count.

/**
 * SQL text: the units held by orders the warehouse has not yet taken, of the `variants` row being
 * written. Raw text so the feed import (plain better-sqlite3 statements) uses the very same rule.
 */
export const reservedUnitsSql =
  '(select coalesce(sum(order_items.reserved), 0) from order_items where order_items.variant_id = variants.id and order_items.reserved > 0)';

/** SQL text for `variants.stock` when the warehouse counts `count` units (a column, a `?` or a number). */
export function sellableStockSql(count: string): string {
  return `max(0, ${count} - ${reservedUnitsSql})`;
}

/** Statuses in which the warehouse has taken the order's units: its own count no longer has them. */
const takenByWarehouse: readonly OrderStatus[] = ['accepted', 'packed', 'shipped', 'delivered', 'refused', 'returned'];

type Writer = Pick<Tx, 'select' | 'update'>;

/** Recomputes the sellable stock of one size from the warehouse's count and the open reservations. */
function refreshStock(tx: Writer, variantId: number): void {
  tx.update(variants).set({ stock: sql.raw(sellableStockSql('"variants"."feed_stock"')) }).where(eq(variants.id, variantId)).run();
}

function heldItems(tx: Writer, orderId: number) {
  return tx
    .select({ id: orderItems.id, variantId: orderItems.variantId, offerId: orderItems.offerId, reserved: orderItems.reserved })
    .from(orderItems)
    .where(and(eq(orderItems.orderId, orderId), gt(orderItems.reserved, 0)))
    .all();
}

/** A cancellation before the warehouse took the order: exactly the reserved units go back on sale, once. */
function release(tx: Writer, orderId: number): void {
  for (const item of heldItems(tx, orderId)) {
    tx.update(orderItems).set({ reserved: 0 }).where(eq(orderItems.id, item.id)).run();
    refreshStock(tx, item.variantId);
  }
}

/**
 * The warehouse took the units (or said it does not have them): they leave its count and the
 * reservation both, so what is on sale does not change until the next feed says otherwise. A unit
 * that later comes back to the shelf (a cancellation after acceptance, a return) is on sale again
 * when the warehouse's feed counts it, not before: the shop never offers a unit on its own word.
 */
function handOver(tx: Writer, orderId: number, offerIds?: readonly string[]): void {
  for (const item of heldItems(tx, orderId)) {
    if (offerIds && !offerIds.includes(item.offerId)) continue;
    tx.update(variants)
      .set({ feedStock: sql`max(0, ${variants.feedStock} - ${item.reserved})` })
      .where(eq(variants.id, item.variantId))
      .run();
    tx.update(orderItems).set({ reserved: 0 }).where(eq(orderItems.id, item.id)).run();
    refreshStock(tx, item.variantId);
  }
}

/** Holds the units of every item that holds none (an order sent to the warehouse again). */
export function reserveItems(tx: Writer, orderId: number): void {
  const idle = tx.select().from(orderItems).where(and(eq(orderItems.orderId, orderId), eq(orderItems.reserved, 0))).all();
  for (const item of idle) {
    tx.update(orderItems).set({ reserved: item.quantity }).where(eq(orderItems.id, item.id)).run();
    refreshStock(tx, item.variantId);
  }
}

/** Gives one item's reserved units back (a size swapped away from while still held). */
export function releaseItem(tx: Writer, item: { id: number; variantId: number; reserved: number }): void {
  if (item.reserved <= 0) return;
  tx.update(orderItems).set({ reserved: 0 }).where(eq(orderItems.id, item.id)).run();
  refreshStock(tx, item.variantId);
}

/** The offers the warehouse said it cannot fill (`out_of_stock:<ids>`); undefined: all of them. */
function missingOffers(note: string | undefined): string[] | undefined {
  if (!note?.startsWith('out_of_stock:')) return undefined;
  const ids = note.slice('out_of_stock:'.length).split(',').filter(Boolean);
  return ids.length > 0 ? ids : undefined;
}

/**
 * What a status change does to the order's reserved units, in the change's transaction:
 * cancelled → released; taken by the warehouse → handed over; `needs_attention` → the missing
 * items handed over (not back on sale: the warehouse said they are not there), the others still
 * held; `needs_attention` → `confirmed` (sent again) → held again.
 */
export function settleReservations(tx: Writer, change: { orderId: number; from: OrderStatus; to: OrderStatus; note?: string }): void {
  const { orderId, from, to } = change;
  if (to === 'cancelled') release(tx, orderId);
  else if (takenByWarehouse.includes(to)) handOver(tx, orderId);
  else if (to === 'needs_attention') handOver(tx, orderId, missingOffers(change.note));
  else if (to === 'confirmed' && from === 'needs_attention') reserveItems(tx, orderId);
}

/** The warehouse says it has none of these offers: its count and the stock on sale are zero. */
export function markOffersSoldOut(tx: Pick<Tx, 'update'>, offerIds: readonly string[]): void {
  for (const offerId of offerIds) tx.update(variants).set({ feedStock: 0, stock: 0 }).where(eq(variants.offerId, offerId)).run();
}

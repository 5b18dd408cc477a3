import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orderItems, orders, variants } from '../db/schema.js';
import { moveOrder, type TransitionResult } from './order-lifecycle.js';
import { releaseItem } from './stock-reservations.js';

/** Why a size swap was refused. */
export type SwapRefusal = 'unknown-order' | 'not-waiting' | 'size-gone';

/**
 * Replaces a size the warehouse ran out of with another size of the same product and sends the
 * order to the warehouse again: the buyer's one-tap answer to `needs_attention`. The move to
 * `confirmed` holds the order's units again (stock-reservations.ts).
 */
export function swapItemSize(
  db: Db,
  input: { storefrontId: number; buyerId: number; orderId: number; itemId: number; variantId: number },
): { ok: true; size: string | null } | { ok: false; reason: SwapRefusal } {
  return db.transaction((tx) => {
    const order = tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, input.orderId), eq(orders.storefrontId, input.storefrontId), eq(orders.buyerId, input.buyerId)))
      .get();
    if (!order) return { ok: false, reason: 'unknown-order' } as const;
    if (order.status !== 'needs_attention') return { ok: false, reason: 'not-waiting' } as const;
    const item = tx.select().from(orderItems).where(and(eq(orderItems.id, input.itemId), eq(orderItems.orderId, order.id))).get();
    if (!item) return { ok: false, reason: 'unknown-order' } as const;
    const taken = tx
      .select()
      .from(variants)
      .where(and(eq(variants.id, input.variantId), eq(variants.productId, item.productId)))
      .get();
    if (!taken) return { ok: false, reason: 'size-gone' } as const;
    // Sent again, the whole order is held again: the new size and any item whose units the
    // warehouse had already taken must be on sale now, or the buyer would be promised them twice.
    const wanted = new Map<number, number>([[taken.id, item.quantity]]);
    const idle = tx.select().from(orderItems).where(and(eq(orderItems.orderId, order.id), eq(orderItems.reserved, 0))).all();
    for (const other of idle) if (other.id !== item.id) wanted.set(other.variantId, (wanted.get(other.variantId) ?? 0) + other.quantity);
    for (const [variantId, units] of wanted) {
      const stock = tx.select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId)).get()?.stock ?? 0;
      if (stock < units) return { ok: false, reason: 'size-gone' } as const;
    }
    // The size the warehouse ran out of is not put back on sale (it no longer holds units); one
    // the buyer swaps away from while it is still held goes back.
    releaseItem(tx, item);
    tx.update(orderItems)
      .set({ variantId: taken.id, offerId: taken.offerId, size: taken.size, wholesalePrice: taken.wholesalePrice, reserved: 0 })
      .where(eq(orderItems.id, item.id))
      .run();
    const moved: TransitionResult = moveOrder(db, { orderId: order.id, to: 'confirmed', actor: `buyer:${input.buyerId}`, note: `swap:${item.size ?? ''}>${taken.size ?? ''}` });
    if (!moved.ok) throw new Error(`order ${order.id} could not be confirmed again: ${moved.reason}`);
    return { ok: true, size: taken.size } as const;
  });
}

/**
 * Statuses in which a buyer may cancel their own order: until the warehouse starts picking it
 * (`sent` means it has the order but has not begun; it is told to drop it).
 */
export const buyerCancellable = ['new', 'confirmed', 'sent', 'needs_attention'] as const;

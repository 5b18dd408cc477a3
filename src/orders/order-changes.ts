import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orderItems, orders, variants } from '../db/schema.js';
import { moveOrder, type TransitionResult } from './order-lifecycle.js';

/** Why a size swap was refused. */
export type SwapRefusal = 'unknown-order' | 'not-waiting' | 'size-gone';

/**
 * Replaces a size the warehouse ran out of with another size of the same product, reserving it,
 * and sends the order to the warehouse again: the buyer's one-tap answer to `needs_attention`.
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
    // The size the warehouse ran out of is not put back on sale: the warehouse does not have it.
    const taken = tx
      .update(variants)
      .set({ stock: sql`${variants.stock} - ${item.quantity}` })
      .where(and(eq(variants.id, input.variantId), eq(variants.productId, item.productId), gte(variants.stock, item.quantity)))
      .returning()
      .get();
    if (!taken) return { ok: false, reason: 'size-gone' } as const;
    tx.update(orderItems)
      .set({ variantId: taken.id, offerId: taken.offerId, size: taken.size, wholesalePrice: taken.wholesalePrice })
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

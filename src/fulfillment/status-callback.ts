import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { orders, supplierEvents, type OrderStatus } from '../db/schema.js';
import { advanceOrder } from '../orders/order-lifecycle.js';
import { markSoldOut } from './handoff.js';
import { parsePublicOrderId } from './provider.js';

export const callbackSchema = z.object({
  event_id: z.string().min(1).max(200),
  order_id: z.string(),
  supplier_order_id: z.string().nullish(),
  status: z.enum(['accepted', 'packed', 'shipped', 'delivered', 'refused', 'returned', 'cancelled', 'out_of_stock']),
  occurred_at: z.string().nullish(),
  carrier: z.string().max(100).nullish(),
  tracking_number: z.string().max(100).nullish(),
  cod_collected: z.number().int().nonnegative().nullish(),
  reason: z.string().max(500).nullish(),
  offer_ids: z.array(z.string()).nullish(),
});

/** A warehouse status report, from the `http` callback or a warehouse chat button. */
export type SupplierStatusEvent = z.infer<typeof callbackSchema>;

/** What recording a status report did. */
export type StatusEventOutcome = 'applied' | 'duplicate' | 'late' | 'unknown-order';

const targetOf: Record<SupplierStatusEvent['status'], OrderStatus> = {
  accepted: 'accepted',
  packed: 'packed',
  shipped: 'shipped',
  delivered: 'delivered',
  refused: 'refused',
  returned: 'returned',
  cancelled: 'cancelled',
  out_of_stock: 'needs_attention',
};

/**
 * Records a warehouse status report once per `event_id` and moves the order forward. A report
 * that would move the order backwards (late, out of order) is recorded as `late` and changes
 * nothing; stages it skips are recorded as skipped.
 */
export function recordStatusEvent(db: Db, event: SupplierStatusEvent, actor: string): StatusEventOutcome {
  const orderId = parsePublicOrderId(event.order_id);
  if (orderId === undefined || !db.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).get()) return 'unknown-order';
  return db.transaction((tx) => {
    if (tx.select().from(supplierEvents).where(eq(supplierEvents.eventId, event.event_id)).get()) return 'duplicate';
    if (event.status === 'out_of_stock' && event.offer_ids?.length) markSoldOut(db, event.offer_ids);
    const note = event.status === 'out_of_stock' ? `out_of_stock:${(event.offer_ids ?? []).join(',')}` : (event.reason ?? undefined);
    const result = advanceOrder(db, {
      orderId,
      to: targetOf[event.status],
      actor,
      note,
      facts: {
        supplierOrderId: event.supplier_order_id ?? undefined,
        carrier: event.carrier ?? undefined,
        trackingNumber: event.tracking_number ?? undefined,
        codCollected: event.cod_collected ?? undefined,
      },
    });
    const outcome: StatusEventOutcome = result.ok ? 'applied' : 'late';
    tx.insert(supplierEvents)
      .values({ eventId: event.event_id, orderId, status: event.status, occurredAt: event.occurred_at ?? null, receivedAt: Date.now(), outcome })
      .run();
    return outcome;
  });
}

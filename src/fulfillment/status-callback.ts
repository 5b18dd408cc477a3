import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { orders, supplierEvents, type OrderStatus } from '../db/schema.js';
import type { Route } from '../http/http-server.js';
import { advanceOrder } from '../orders/order-lifecycle.js';
import type { Logger } from '../shared/logger.js';
import { markSoldOut } from './handoff.js';
import { parsePublicOrderId } from './provider.js';
import { verifySignature } from './signature.js';

const callbackSchema = z.object({
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

/** The largest status callback accepted: one order's status is well under a kilobyte. */
export const statusCallbackBodyLimit = 64 * 1024;

/**
 * `POST /fulfillment/webhook`: the warehouse's status callbacks (supplier-api.md). 413 for a body
 * over 64 KB (never read past it), 401 for a bad signature or stale timestamp (checked over the raw
 * body before it is parsed), 400 for a malformed body, 404 for an unknown order, 200 once the
 * event is recorded (and again for a repeat, with no second effect).
 */
export function statusCallbackRoute(deps: { db: Db; secret: string; logger: Logger; onRecorded?: () => void }): Route {
  const { logger } = deps;
  const answer = (res: Parameters<Route['handler']>[1], status: number, body: Record<string, unknown>): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const handler: Route['handler'] = (req, res) => {
    const raw = req.body.toString('utf8');
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const problem = verifySignature(raw, { signature: header('x-sarafan-signature'), timestamp: header('x-sarafan-timestamp') }, deps.secret);
    if (problem) {
      logger.warn({ problem }, 'warehouse callback refused: signature');
      return answer(res, 401, { error: 'bad_signature' });
    }
    let parsed: ReturnType<typeof callbackSchema.safeParse>;
    try {
      parsed = callbackSchema.safeParse(JSON.parse(raw));
    } catch {
      return answer(res, 400, { error: 'malformed' });
    }
    if (!parsed.success) return answer(res, 400, { error: 'malformed', message: parsed.error.issues[0]?.message });
    const outcome = recordStatusEvent(deps.db, parsed.data, 'supplier:http');
    logger.info({ event: parsed.data.event_id, status: parsed.data.status, outcome }, 'warehouse status callback');
    if (outcome === 'unknown-order') return answer(res, 404, { error: 'unknown_order' });
    deps.onRecorded?.();
    return answer(res, 200, { ok: true, outcome });
  };
  return { path: '/fulfillment/webhook', maxBodyBytes: statusCallbackBodyLimit, handler };
}

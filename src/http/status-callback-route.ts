import type { Db } from '../db/client.js';
import { callbackSchema, recordStatusEvent } from '../fulfillment/status-callback.js';
import { verifySignature } from '../fulfillment/signature.js';
import type { Logger } from '../shared/logger.js';
import type { Route } from './http-server.js';

/** The largest status callback accepted: one order's status is well under a kilobyte. */
export const statusCallbackBodyLimit = 64 * 1024;

/**
 * `POST /fulfillment/webhook`: the warehouse's status callbacks (docs/supplier-api.md). 413 for a body
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

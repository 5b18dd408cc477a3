import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signBody, verifySignature } from '../../src/fulfillment/signature.js';

/** An order the fake warehouse took, as it arrived. */
export interface WarehouseOrder {
  idempotencyKey: string;
  supplierOrderId: string;
  body: Record<string, unknown>;
  state: 'accepted' | 'shipped' | 'cancelled';
}

/** One request the fake warehouse saw, whatever it answered. */
export interface WarehouseRequest {
  method: string;
  path: string;
  idempotencyKey?: string;
  status: number;
  body: string;
  signature?: string;
  timestamp?: string;
}

/** What a status callback carries (docs/supplier-api.md); `event_id` and `order_id` are required. */
export type StatusCallback = { event_id: string; order_id: string; status: string } & Record<string, unknown>;

/**
 * A warehouse API on 127.0.0.1 that keeps docs/supplier-api.md: signed requests (401 otherwise),
 * `Idempotency-Key` (201 first, 409 for a repeat), 422 for out-of-stock offers and invalid data,
 * cancel before shipping. Faults are scripted: answer 5xx, take the order and then answer 5xx
 * (the lost-answer case), or drop the connection.
 */
export interface FakeWarehouse {
  /** `SUPPLIER_API_URL` for this warehouse. */
  url: string;
  secret: string;
  /** Orders taken, in order; a repeat of a key does not add one. */
  orders: WarehouseOrder[];
  requests: WarehouseRequest[];
  /** The next `n` order submissions get `status` and are not taken. */
  failNext(n: number, status?: number): void;
  /** The next `n` submissions are taken, but the answer is a 500 (the warehouse crashed after saving). */
  acceptThenFail(n: number): void;
  /** The next `n` requests get their connection destroyed with no answer. */
  dropNext(n: number): void;
  /** These offers are out of stock: a submission with any of them is refused with 422. */
  outOfStock(...offerIds: string[]): void;
  /** Every submission is refused with `422 invalid` carrying this message (undefined: stop). */
  rejectInvalid(message: string | undefined): void;
  /** The order has left the warehouse: a cancel is answered with 409. */
  markShipped(orderId: string): void;
  /** Sends a signed status callback; the signature and timestamp can be spoiled for tests. */
  sendStatus(callbackUrl: string, event: StatusCallback, options?: { secret?: string; timestamp?: number; rawBody?: string }): Promise<{ status: number; body: string }>;
  /**
   * Reports a status of an order it took to the order's own `callback_url`, as a warehouse does;
   * resolves with the answer and the event (to send it again).
   */
  report(orderId: string, status: string, fields?: Record<string, unknown>): Promise<{ status: number; body: string; event: StatusCallback }>;
  /** Waits until the warehouse has taken `n` orders. */
  waitForOrders(n: number, ms?: number): Promise<WarehouseOrder[]>;
  close(): Promise<void>;
}

async function readRaw(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake warehouse on a free port of 127.0.0.1. */
export async function startFakeWarehouse(secret = 'warehouse-shared-secret-0123456789'): Promise<FakeWarehouse> {
  const orders: WarehouseOrder[] = [];
  const requests: WarehouseRequest[] = [];
  const soldOut = new Set<string>();
  let failures: Array<number> = [];
  let lostAnswers = 0;
  let drops = 0;
  let invalid: string | undefined;
  let nextId = 7781;
  let events = 5520;

  const answer = (res: ServerResponse, log: WarehouseRequest, status: number, body?: unknown) => {
    log.status = status;
    res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const key = req.headers['idempotency-key'];
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const log: WarehouseRequest = {
      method: req.method ?? 'GET',
      path,
      idempotencyKey: typeof key === 'string' ? key : undefined,
      status: 0,
      body: raw,
      signature: header('x-sarafan-signature'),
      timestamp: header('x-sarafan-timestamp'),
    };
    requests.push(log);
    if (drops > 0) {
      drops -= 1;
      req.socket.destroy();
      return;
    }
    if (verifySignature(raw, log, secret)) {
      return answer(res, log, 401, { error: 'bad_signature' });
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return answer(res, log, 422, { error: 'invalid', message: 'body is not JSON' });
    }

    if (req.method === 'POST' && path === '/orders') {
      if (!log.idempotencyKey) return answer(res, log, 422, { error: 'invalid', message: 'Idempotency-Key is required' });
      const known = orders.find((o) => o.idempotencyKey === log.idempotencyKey);
      if (known) return answer(res, log, 409, { supplier_order_id: known.supplierOrderId });
      const failure = failures.shift();
      if (failure !== undefined) return answer(res, log, failure, { error: 'unavailable' });
      if (invalid !== undefined) return answer(res, log, 422, { error: 'invalid', message: invalid });
      const items = Array.isArray(body['items']) ? (body['items'] as Array<Record<string, unknown>>) : [];
      const missing = items.map((i) => String(i['offer_id'])).filter((id) => soldOut.has(id));
      if (missing.length > 0) return answer(res, log, 422, { error: 'out_of_stock', offer_ids: missing });
      const order: WarehouseOrder = { idempotencyKey: log.idempotencyKey, supplierOrderId: `W-${nextId++}`, body, state: 'accepted' };
      orders.push(order);
      if (lostAnswers > 0) {
        lostAnswers -= 1;
        return answer(res, log, 500, { error: 'internal' });
      }
      return answer(res, log, 201, { supplier_order_id: order.supplierOrderId, status: 'accepted' });
    }

    const cancel = /^\/orders\/([^/]+)\/cancel$/.exec(path);
    if (req.method === 'POST' && cancel) {
      const order = orders.find((o) => o.idempotencyKey === decodeURIComponent(cancel[1]!));
      if (!order) return answer(res, log, 404, { error: 'not_found' });
      if (order.state === 'shipped') return answer(res, log, 409, { error: 'already_shipped' });
      order.state = 'cancelled';
      return answer(res, log, 200, { status: 'cancelled' });
    }
    return answer(res, log, 404, { error: 'not_found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sendStatus: FakeWarehouse['sendStatus'] = async (callbackUrl, event, options = {}) => {
    const raw = options.rawBody ?? JSON.stringify(event);
    const headers = signBody(raw, options.secret ?? secret, options.timestamp);
    const res = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    return { status: res.status, body: await res.text() };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    orders,
    requests,
    failNext(n, status = 503) {
      failures = [...failures, ...Array.from({ length: n }, () => status)];
    },
    acceptThenFail(n) {
      lostAnswers += n;
    },
    dropNext(n) {
      drops += n;
    },
    outOfStock(...offerIds) {
      for (const id of offerIds) soldOut.add(id);
    },
    rejectInvalid(message) {
      invalid = message;
    },
    markShipped(orderId) {
      const order = orders.find((o) => o.idempotencyKey === orderId);
      if (!order) throw new Error(`the warehouse has no order ${orderId}`);
      order.state = 'shipped';
    },
    sendStatus,
    async report(orderId, status, fields = {}) {
      const order = orders.find((o) => o.idempotencyKey === orderId);
      if (!order) throw new Error(`the warehouse has no order ${orderId}`);
      if (status === 'shipped') order.state = 'shipped';
      const event: StatusCallback = {
        event_id: `evt_${++events}`,
        order_id: orderId,
        supplier_order_id: order.supplierOrderId,
        status,
        occurred_at: new Date().toISOString(),
        carrier: null,
        tracking_number: null,
        cod_collected: null,
        reason: null,
        ...fields,
      };
      return { ...(await sendStatus(String(order.body['callback_url']), event)), event };
    },
    async waitForOrders(n, ms = 5000) {
      const deadline = Date.now() + ms;
      while (orders.length < n) {
        if (Date.now() > deadline) throw new Error(`the warehouse took ${orders.length} orders, not ${n}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return orders;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import type { CancelResult, FulfillmentProvider, HandoffOrder, SubmitResult } from '../provider.js';
import { publicOrderId } from '../provider.js';
import { signBody } from '../signature.js';

/** Where the warehouse's API is and how to sign for it. */
export interface HttpProviderOptions {
  /** `SUPPLIER_API_URL`, without a trailing slash. */
  baseUrl: string;
  /** `SUPPLIER_API_SECRET`. */
  secret: string;
  /** Where the warehouse sends status callbacks: `<public url>/fulfillment/webhook`. */
  callbackUrl: string;
  /** A request slower than this counts as failed and is retried. */
  timeoutMs?: number;
}

/** The body of `POST /orders` (docs/supplier-api.md). */
export function orderPayload(handoff: HandoffOrder, callbackUrl: string): Record<string, unknown> {
  const { order, items, storefront } = handoff;
  return {
    order_id: publicOrderId(order.id),
    storefront: { id: `sf_${storefront.id}`, name: storefront.name },
    created_at: new Date(order.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    items: items.map((item) => ({
      offer_id: item.offerId,
      name: item.name,
      size: item.size,
      quantity: item.quantity,
      wholesale_price: item.wholesalePrice,
      retail_price: item.price,
    })),
    cod_amount: order.total,
    currency: 'RUB',
    recipient: {
      name: order.deliveryName,
      phone: order.deliveryPhone,
      city: order.deliveryCity,
      address: order.deliveryAddress,
      comment: order.comment ?? '',
    },
    callback_url: callbackUrl,
  };
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The `http` provider: the warehouse's own API, signed with the shared secret. */
export function createHttpProvider(options: HttpProviderOptions): FulfillmentProvider {
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const raw = JSON.stringify(body);
    return fetch(`${options.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signBody(raw, options.secret), ...headers },
      body: raw,
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  const failure = (error: unknown) => ({ outcome: 'retry', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }) as const;

  return {
    code: 'http',
    async submit(handoff): Promise<SubmitResult> {
      let res: Response;
      try {
        res = await post('/orders', { ...orderPayload(handoff, options.callbackUrl), order_id: handoff.handoffKey }, { 'idempotency-key': handoff.handoffKey });
      } catch (error) {
        return failure(error);
      }
      const body = await readJson(res);
      const supplierOrderId = typeof body['supplier_order_id'] === 'string' ? body['supplier_order_id'] : undefined;
      if (res.status === 200 || res.status === 201) return { outcome: 'accepted', supplierOrderId, status: body['status'] === 'accepted' ? 'accepted' : 'sent' };
      // Already taken under this key: the earlier attempt reached the warehouse.
      if (res.status === 409) return { outcome: 'accepted', supplierOrderId };
      if (res.status === 422 && body['error'] === 'out_of_stock') {
        const offerIds = Array.isArray(body['offer_ids']) ? body['offer_ids'].filter((id): id is string => typeof id === 'string') : [];
        return { outcome: 'out-of-stock', offerIds };
      }
      if (res.status === 422) return { outcome: 'rejected', message: typeof body['message'] === 'string' ? body['message'] : 'invalid' };
      if (res.status === 401) return { outcome: 'unauthorized' };
      return { outcome: 'retry', error: `HTTP ${res.status}` };
    },

    async cancel(handoff): Promise<CancelResult> {
      let res: Response;
      try {
        res = await post(`/orders/${encodeURIComponent(handoff.handoffKey)}/cancel`, { order_id: handoff.handoffKey });
      } catch (error) {
        return failure(error);
      }
      await res.arrayBuffer();
      if (res.status === 200) return { outcome: 'cancelled' };
      if (res.status === 409) return { outcome: 'too-late' };
      if (res.status === 404) return { outcome: 'unknown' };
      if (res.status === 401) return { outcome: 'unauthorized' };
      return { outcome: 'retry', error: `HTTP ${res.status}` };
    },
  };
}

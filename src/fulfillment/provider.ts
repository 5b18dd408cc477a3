import type { orderItems, orders, storefronts } from '../db/schema.js';

/** Everything a provider needs to hand an order to the warehouse. */
export interface HandoffOrder {
  order: typeof orders.$inferSelect;
  items: Array<typeof orderItems.$inferSelect>;
  storefront: Pick<typeof storefronts.$inferSelect, 'id' | 'name'>;
  /** The idempotency key: the same for every retry of one hand-off. */
  handoffKey: string;
}

/** What the warehouse made of a hand-off. */
export type SubmitResult =
  /** Taken (also when it had been taken before: a retry after a lost answer). */
  | { outcome: 'accepted'; supplierOrderId?: string; status?: 'sent' | 'accepted' }
  /** Cannot fill these offers; no retry. */
  | { outcome: 'out-of-stock'; offerIds: string[] }
  /** Bad data; no retry; a person must look. */
  | { outcome: 'rejected'; message: string }
  /** The warehouse refused our signature: no retry until the configuration changes. */
  | { outcome: 'unauthorized' }
  /** Down, slow or 5xx: try again later with the same key. */
  | { outcome: 'retry'; error: string };

/** What the warehouse made of a cancellation. */
export type CancelResult =
  | { outcome: 'cancelled' }
  | { outcome: 'too-late' }
  /** The warehouse never had the order. */
  | { outcome: 'unknown' }
  | { outcome: 'unauthorized' }
  | { outcome: 'retry'; error: string };

/** A way to reach the warehouse; `code` is stable and stored in the orders' history. */
export interface FulfillmentProvider {
  readonly code: FulfillmentProviderCode;
  submit(handoff: HandoffOrder): Promise<SubmitResult>;
  /** Asks the warehouse to cancel before shipping; providers without it are told by people. */
  cancel?(handoff: HandoffOrder): Promise<CancelResult>;
}

/** The providers there are. */
export type FulfillmentProviderCode = 'http' | 'warehouse-chat';

/** The order id the warehouse sees, e.g. `S-000123`; stable and unique across storefronts. */
export function publicOrderId(orderId: number): string {
  return `S-${String(orderId).padStart(6, '0')}`;
}

/** The internal id of a public order id, or undefined when it is not one of ours. */
export function parsePublicOrderId(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  // A later round of the same order carries a suffix: `S-000123-2`.
  const match = /^S-(\d{1,12})(?:-\d{1,3})?$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** A category as a feed gives it. */
export interface FeedCategory {
  id: string;
  parentId?: string;
  name: string;
}

/** One size (or the only variant) of a feed offer, after sizes are worked out. */
export interface FeedOffer {
  /** The supplier's offer id; unique within the feed. */
  offerId: string;
  /** Offers of one product share this (YML `group_id`); the offer id otherwise. */
  productKey: string;
  categoryId?: string;
  name: string;
  description: string;
  params: Array<{ name: string; value: string }>;
  pictures: string[];
  /** Wholesale price in kopecks. */
  price: number;
  oldPrice?: number;
  /** Sizes the offer stands for: one for a per-size offer, several when listed in one offer, none for one-size. */
  sizes: string[];
  stock: number;
}

/** Why an offer was left out; each has a localized explanation. */
export type RejectReason = 'no-id' | 'duplicate-id' | 'no-name' | 'no-price' | 'bad-price' | 'currency';

/** An offer left out of the import. */
export interface Rejection {
  /** The offer id, or `#<n>` (its position) when it has none. */
  offerId: string;
  reason: RejectReason;
  /** The offending value, e.g. the price or currency as written. */
  detail?: string;
}

/** The outcome of an import, for the person who ran it. */
export interface ImportReport {
  categories: number;
  added: number;
  updated: number;
  unchanged: number;
  hidden: number;
  rejected: Rejection[];
}

/** Why a whole feed was refused; nothing was changed. */
export type FeedProblem =
  | { kind: 'malformed'; line: number; column: number; message: string }
  | { kind: 'encoding'; encoding: string }
  | { kind: 'empty' }
  | { kind: 'download'; message: string }
  | { kind: 'csv'; line: number; message: string }
  /** Not an http(s) link (or a redirect to something else). */
  | { kind: 'scheme' }
  /** The host is (or resolves to) a loopback, private, link-local or other non-public address. */
  | { kind: 'address'; host: string }
  | { kind: 'redirects'; max: number }
  | { kind: 'too-large'; mb: number };

/** Thrown when a feed cannot be imported at all; the catalog is left as it was. */
export class FeedError extends Error {
  override readonly name = 'FeedError';
  constructor(readonly problem: FeedProblem) {
    super(`feed refused: ${JSON.stringify(problem)}`);
  }
}

/** Handlers a feed reader calls as it streams through a feed. */
export interface FeedSink {
  category(category: FeedCategory): void;
  offer(offer: FeedOffer): void;
  reject(rejection: Rejection): void;
}

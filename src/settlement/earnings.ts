import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { ledgerEntries, orderHistory, orders, storefronts, type LedgerKind } from '../db/schema.js';

/** A stretch of time, [from, to) in epoch milliseconds. */
export interface Period {
  from: number;
  to: number;
}

/** One storefront's money for a period. */
export interface Earnings {
  storefrontId: number;
  storefrontName: string;
  /** Orders delivered and paid in the period, and the cash collected for them. */
  delivered: number;
  sales: number;
  wholesale: number;
  royalty: number;
  /** The franchisee's margin, before return fees. */
  margin: number;
  returnFees: number;
  /** Orders refused at delivery in the period. */
  refused: number;
  /** delivered ÷ (delivered + refused); undefined when neither happened. */
  buyoutRate: number | undefined;
  /** Cash on its way: orders shipped and not yet delivered or refused (whatever the period). */
  pendingOrders: number;
  pendingCash: number;
}

/** One settled order, a line of the franchisee's CSV. */
export interface SettledOrderLine {
  number: number;
  settledAt: number;
  outcome: 'delivered' | 'refused';
  amounts: Partial<Record<LedgerKind, number>>;
}

function sums(db: Db, storefrontId: number, period: Period): Partial<Record<LedgerKind, { amount: number; orders: number }>> {
  const rows = db
    .select({ kind: ledgerEntries.kind, amount: sql<number>`sum(${ledgerEntries.amount})`, orders: sql<number>`count(distinct ${ledgerEntries.orderId})` })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.storefrontId, storefrontId), gte(ledgerEntries.at, period.from), lt(ledgerEntries.at, period.to)))
    .groupBy(ledgerEntries.kind)
    .all();
  return Object.fromEntries(rows.map((r) => [r.kind, { amount: r.amount, orders: r.orders }]));
}

/** A storefront's sales, margin, buyout rate and cash still to come, for a period. */
export function storefrontEarnings(db: Db, storefrontId: number, period: Period): Earnings {
  const shop = db.select({ name: storefronts.name }).from(storefronts).where(eq(storefronts.id, storefrontId)).get();
  const s = sums(db, storefrontId, period);
  const refused =
    db
      .select({ n: sql<number>`count(distinct ${orderHistory.orderId})` })
      .from(orderHistory)
      .innerJoin(orders, eq(orders.id, orderHistory.orderId))
      .where(and(eq(orders.storefrontId, storefrontId), eq(orderHistory.toStatus, 'refused'), gte(orderHistory.at, period.from), lt(orderHistory.at, period.to)))
      .get()?.n ?? 0;
  const pending = db
    .select({ n: sql<number>`count(*)`, cash: sql<number>`coalesce(sum(${orders.total}), 0)` })
    .from(orders)
    .where(and(eq(orders.storefrontId, storefrontId), eq(orders.status, 'shipped')))
    .get();
  const delivered = s.cod?.orders ?? 0;
  return {
    storefrontId,
    storefrontName: shop?.name ?? '',
    delivered,
    sales: s.cod?.amount ?? 0,
    wholesale: s.wholesale?.amount ?? 0,
    royalty: s.royalty?.amount ?? 0,
    margin: s.margin?.amount ?? 0,
    returnFees: s.return_fee?.amount ?? 0,
    refused,
    buyoutRate: delivered + refused > 0 ? delivered / (delivered + refused) : undefined,
    pendingOrders: pending?.n ?? 0,
    pendingCash: pending?.cash ?? 0,
  };
}

/** Every storefront's earnings for a period, for the franchisor. */
export function networkEarnings(db: Db, period: Period): Earnings[] {
  return db
    .select({ id: storefronts.id })
    .from(storefronts)
    .orderBy(asc(storefronts.id))
    .all()
    .map((s) => storefrontEarnings(db, s.id, period));
}

/** The orders of a storefront settled in a period, oldest first, with their ledger amounts. */
export function settledOrders(db: Db, storefrontId: number, period: Period): SettledOrderLine[] {
  const entries = db
    .select({ orderId: ledgerEntries.orderId, kind: ledgerEntries.kind, amount: ledgerEntries.amount, at: ledgerEntries.at, number: orders.number })
    .from(ledgerEntries)
    .innerJoin(orders, eq(orders.id, ledgerEntries.orderId))
    .where(and(eq(ledgerEntries.storefrontId, storefrontId), gte(ledgerEntries.at, period.from), lt(ledgerEntries.at, period.to)))
    .orderBy(asc(ledgerEntries.at), asc(ledgerEntries.id))
    .all();
  const lines = new Map<number, SettledOrderLine>();
  for (const e of entries) {
    const line = lines.get(e.orderId) ?? { number: e.number, settledAt: e.at, outcome: 'refused' as const, amounts: {} };
    line.amounts[e.kind] = e.amount;
    if (e.kind === 'cod') line.outcome = 'delivered';
    lines.set(e.orderId, line);
  }
  // Refusals without a fee leave no ledger entry; they still belong in the report.
  const refusals = db
    .select({ orderId: orderHistory.orderId, at: orderHistory.at, number: orders.number })
    .from(orderHistory)
    .innerJoin(orders, eq(orders.id, orderHistory.orderId))
    .where(and(eq(orders.storefrontId, storefrontId), eq(orderHistory.toStatus, 'refused'), gte(orderHistory.at, period.from), lt(orderHistory.at, period.to)))
    .all();
  for (const r of refusals) if (!lines.has(r.orderId)) lines.set(r.orderId, { number: r.number, settledAt: r.at, outcome: 'refused', amounts: {} });
  return [...lines.values()].sort((a, b) => a.settledAt - b.settledAt);
}

/** Earnings reports, for a storefront's staff and for the franchisor. */
export interface EarningsService {
  /** One storefront's earnings for a period. */
  storefront(storefrontId: number, period: Period): Earnings;
  /** Every storefront's earnings for a period. */
  network(period: Period): Earnings[];
  /** The orders of a storefront settled in a period. */
  settledOrders(storefrontId: number, period: Period): SettledOrderLine[];
}

/** Creates the earnings service. */
export function createEarningsService(db: Db): EarningsService {
  return {
    storefront: (storefrontId, period) => storefrontEarnings(db, storefrontId, period),
    network: (period) => networkEarnings(db, period),
    settledOrders: (storefrontId, period) => settledOrders(db, storefrontId, period),
  };
}

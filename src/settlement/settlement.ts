import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { franchiseSettings, ledgerEntries, orderItems, type LedgerKind } from '../db/schema.js';

type Writer = Pick<Db, 'select' | 'insert'>;

/** The order fields settlement reads. */
export interface SettledOrder {
  id: number;
  storefrontId: number;
  total: number;
  codCollected: number | null;
}

function terms(db: Writer): { royaltyPercent: number; returnFee: number } {
  const row = db.select().from(franchiseSettings).where(eq(franchiseSettings.id, 1)).get();
  return { royaltyPercent: row?.royaltyPercent ?? 0, returnFee: row?.returnFee ?? 0 };
}

function record(db: Writer, order: SettledOrder, kind: LedgerKind, amount: number, at: number): void {
  db.insert(ledgerEntries).values({ storefrontId: order.storefrontId, orderId: order.id, kind, amount, at }).onConflictDoNothing().run();
}

/**
 * Splits the cash of a delivered order: the cash collected, the wholesale cost and the royalty
 * (the franchisor's), and what is left, the franchisee's margin. Written once per order.
 */
export function settleDelivered(db: Writer, order: SettledOrder, at: number): void {
  const cash = order.codCollected ?? order.total;
  const wholesale =
    db
      .select({ sum: sql<number>`coalesce(sum(${orderItems.wholesalePrice} * ${orderItems.quantity}), 0)` })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .get()?.sum ?? 0;
  const royalty = Math.round((order.total * terms(db).royaltyPercent) / 100);
  record(db, order, 'cod', cash, at);
  record(db, order, 'wholesale', wholesale, at);
  record(db, order, 'royalty', royalty, at);
  record(db, order, 'margin', cash - wholesale - royalty, at);
}

/** A refused order earns nothing; the franchise may charge the franchisee a return fee. */
export function chargeReturnFee(db: Writer, order: SettledOrder, at: number): void {
  const fee = terms(db).returnFee;
  if (fee > 0) record(db, order, 'return_fee', fee, at);
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orders } from '../db/schema.js';
import { noticeStaff } from './order-effects.js';

/**
 * Finds orders with no news for `hours` between confirmation and delivery and writes a staff
 * notice for each, once per silence: the next status change starts a new one. Returns how many.
 */
export function noticeStaleOrders(db: Db, hours: number, now = Date.now()): number {
  const before = now - hours * 3_600_000;
  const stale = db
    .select({ id: orders.id, storefrontId: orders.storefrontId })
    .from(orders)
    .where(
      sql`${orders.status} in ('confirmed', 'sent', 'accepted', 'packed', 'shipped', 'needs_attention')
        and coalesce(${orders.statusAt}, ${orders.createdAt}) < ${before} and ${orders.staleNoticeAt} is null`,
    )
    .all();
  for (const order of stale) {
    db.transaction((tx) => {
      tx.update(orders).set({ staleNoticeAt: now }).where(eq(orders.id, order.id)).run();
      noticeStaff(tx, order, 'stale', now);
    });
  }
  return stale.length;
}

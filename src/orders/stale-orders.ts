import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { orders } from '../db/schema.js';
import { noticeStaff } from './order-effects.js';

/** A new order the staff have not confirmed is a buyer waiting for a call: they are reminded after this long. */
export const unconfirmedReminderMs = 60 * 60_000;

/** A parcel on its way takes days: it counts as stuck only after this many times the usual silence. */
const shippedSilenceFactor = 3;

/**
 * Finds orders with no news for `hours` between confirmation and delivery (three times that once
 * shipped) and new orders nobody confirmed within an hour, and writes a staff notice for each,
 * once per silence: the next status change starts a new one. Returns how many.
 */
export function noticeStaleOrders(db: Db, hours: number, now = Date.now()): number {
  const before = now - hours * 3_600_000;
  const shippedBefore = now - hours * shippedSilenceFactor * 3_600_000;
  const newBefore = now - unconfirmedReminderMs;
  const since = sql`coalesce(${orders.statusAt}, ${orders.createdAt})`;
  const stale = db
    .select({ id: orders.id, storefrontId: orders.storefrontId, status: orders.status })
    .from(orders)
    .where(
      sql`${orders.staleNoticeAt} is null and (
        (${orders.status} in ('confirmed', 'sent', 'accepted', 'packed', 'needs_attention') and ${since} < ${before})
        or (${orders.status} = 'shipped' and ${since} < ${shippedBefore})
        or (${orders.status} = 'new' and ${since} < ${newBefore}))`,
    )
    .all();
  for (const order of stale) {
    db.transaction((tx) => {
      tx.update(orders).set({ staleNoticeAt: now }).where(eq(orders.id, order.id)).run();
      noticeStaff(tx, order, order.status === 'new' ? 'unconfirmed' : 'stale', now);
    });
  }
  return stale.length;
}

import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema.js';

/** Where an order's latest hand-off to the warehouse stands, for the staff's order card. */
export type HandoffStatus =
  /** Not taken yet: the warehouse did not answer or failed; it is retried by itself. */
  | { state: 'waiting'; attempts: number; lastError: string; nextAt: number }
  /** The warehouse refused our signature: nothing goes out until the configuration is fixed. */
  | { state: 'blocked'; lastError: string }
  /** The warehouse refused the order's data: a person must look. */
  | { state: 'failed'; lastError: string };

/** The hand-off's trouble, if any; undefined when it went out or has not been tried yet. */
export function handoffStatus(db: Db, orderId: number): HandoffStatus | undefined {
  const row = db.select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'handoff'))).orderBy(desc(outbox.id)).get();
  if (!row) return undefined;
  const lastError = row.lastError ?? '';
  if (row.status === 'blocked') return { state: 'blocked', lastError };
  if (row.status === 'failed') return { state: 'failed', lastError: lastError.replace(/^rejected: /, '') };
  if (row.status === 'pending' && row.attempts > 0) return { state: 'waiting', attempts: row.attempts, lastError, nextAt: row.dueAt };
  return undefined;
}

/** Puts a failed or blocked hand-off back in line, e.g. after the data or the configuration was fixed. */
export function retryHandoff(db: Db, orderId: number, now = Date.now()): boolean {
  const row = db.select().from(outbox).where(and(eq(outbox.orderId, orderId), eq(outbox.kind, 'handoff'))).orderBy(desc(outbox.id)).get();
  if (!row || (row.status !== 'failed' && row.status !== 'blocked')) return false;
  db.update(outbox).set({ status: 'pending', attempts: 0, dueAt: now }).where(eq(outbox.id, row.id)).run();
  return true;
}

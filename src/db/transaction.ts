import type Database from 'better-sqlite3';
import type { Db } from './client.js';

type Runner = Database.Transaction<(work: () => unknown) => unknown>;
const runners = new WeakMap<Database.Database, Runner>();

/**
 * Runs `work` in a transaction, or in a savepoint when the connection is in one already; a throw
 * rolls back only what `work` wrote. The same as drizzle's `db.transaction` minus what it costs
 * per call (a new transaction object and wrapper each time, a tenth of a simple event), which is
 * why every event's path uses this one. `immediate` takes the write lock up front.
 */
export function inTransaction<T>(db: Db, work: () => T, behavior: 'deferred' | 'immediate' = 'deferred'): T {
  let run = runners.get(db.$client);
  if (!run) {
    run = db.$client.transaction((unit: () => unknown) => unit());
    runners.set(db.$client, run);
  }
  return run[behavior](work) as T;
}

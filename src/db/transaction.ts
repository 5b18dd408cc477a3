import type { Db } from './client.js';
import { preparedOnce } from './prepared.js';

// One better-sqlite3 transaction function per connection; it nests as a savepoint by itself.
const runnerOf = preparedOnce((db) => db.$client.transaction((unit: () => unknown) => unit()));

/**
 * Runs `work` in a transaction, or in a savepoint when the connection is in one already; a throw
 * rolls back only what `work` wrote. The same as drizzle's `db.transaction` minus what it costs
 * per call (a new transaction object and wrapper each time, a tenth of a simple event), which is
 * why every event's path uses this one. `immediate` takes the write lock up front.
 */
export function inTransaction<T>(db: Db, work: () => T, behavior: 'deferred' | 'immediate' = 'deferred'): T {
  return runnerOf(db)[behavior](work) as T;
}

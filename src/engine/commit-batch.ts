import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';

/**
 * Runs synchronous units of database work in shared write transactions: the units queued while
 * the event loop is busy are committed together, each in its own savepoint. A commit (appending
 * the changed pages to the WAL) cost about as much as a whole simple event, so a burst of events
 * pays for one instead of one each; an idle loop still commits each event at once.
 */
export interface CommitBatch {
  /** Runs `work` in a transaction and resolves with its result once that transaction is committed. */
  run<T>(work: () => T): Promise<T>;
}

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** How many units share one commit at most: bounds how long one transaction holds the loop. */
const maxBatch = 32;

/** Creates a commit batch over one connection. */
export function createCommitBatch(db: Db): CommitBatch {
  const queue: Job[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const jobs = queue.splice(0, maxBatch);
    if (queue.length > 0) schedule();
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      // `immediate` takes the write lock up front: another process writing (an import) makes the
      // batch wait, never fail half-way.
      inTransaction(
        db,
        () => {
          for (const job of jobs) {
            try {
              // A savepoint per unit: one that throws leaves nothing behind and costs the others nothing.
              outcomes.push({ ok: true, value: inTransaction(db, job.work) });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        },
        'immediate',
      );
    } catch (error) {
      // The commit itself failed (disk full, a lock held too long): nothing of the batch was saved.
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // After the I/O callbacks and timers of this turn of the loop have queued their events.
    setImmediate(flush);
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
  };
}

import type { Db } from '../../db/client.js';
import { importCatalog } from './catalog-import.js';
import { readCsv } from './csv-reader.js';
import { openFeed } from './feed-source.js';
import type { FeedFetchPolicy } from './feed-fetch-guard.js';
import type { ImportReport } from './feed-types.js';
import { importInWorker, type WorkerImportOptions } from './import-runner.js';
import { readYml } from './yml-reader.js';

// One import at a time per database: imports share their staging tables.
const running = new WeakMap<Db, Promise<unknown>>();

/**
 * Imports a YML feed or a CSV file (by `--csv` or a `.csv` name) from a path or URL, after any
 * import under way; `policy` says where it may come from and how large it may be. A database file
 * is imported by a worker thread (see import-runner.ts), so the bots keep answering meanwhile; an
 * in-memory one (tests) has no second connection and is imported on this thread, in the same short
 * steps. `options` tune the worker's steps (tests).
 */
export function importFeed(db: Db, location: string, policy: FeedFetchPolicy, format?: 'yml' | 'csv', options?: WorkerImportOptions): Promise<ImportReport> {
  const kind = format ?? (/\.csv(\?|$)/i.test(location) ? 'csv' : 'yml');
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () =>
      db.$client.memory
        ? importCatalog(db, await openFeed(location, policy), kind === 'csv' ? readCsv : readYml)
        : importInWorker(db.$client.name, location, workerPolicy(policy), kind, options),
    );
  running.set(db, next);
  return next;
}

/** The policy's plain settings: a worker thread gets data, not functions (a fake resolver is for in-memory tests). */
function workerPolicy(policy: FeedFetchPolicy): FeedFetchPolicy {
  const { maxBytes, allowPrivateHosts, allowFiles, maxRedirects, timeoutMs } = policy;
  return { maxBytes, allowPrivateHosts, allowFiles, maxRedirects, timeoutMs };
}

import type { Db } from '../../db/client.js';
import { importCatalog } from './catalog-import.js';
import { readCsv } from './csv-reader.js';
import { openFeed } from './feed-source.js';
import type { FeedFetchPolicy } from './feed-fetch-guard.js';
import type { ImportReport } from './feed-types.js';
import { readYml } from './yml-reader.js';

// One import at a time per database: imports share their staging tables.
const running = new WeakMap<Db, Promise<unknown>>();

/**
 * Imports a YML feed or a CSV file (by `--csv` or a `.csv` name) from a path or URL, after any
 * import under way; `policy` says where it may come from and how large it may be.
 */
export function importFeed(db: Db, location: string, policy: FeedFetchPolicy, format?: 'yml' | 'csv'): Promise<ImportReport> {
  const kind = format ?? (/\.csv(\?|$)/i.test(location) ? 'csv' : 'yml');
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => importCatalog(db, await openFeed(location, policy), kind === 'csv' ? readCsv : readYml));
  running.set(db, next);
  return next;
}

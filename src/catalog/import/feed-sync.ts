import type { Db } from '../../db/client.js';
import type { Logger } from '../../shared/logger.js';
import { importFeed } from './feed-import.js';
import { operatorFeedPolicy } from './feed-source.js';
import { FeedError } from './feed-types.js';

/** A running periodic re-sync of the warehouse feed. */
export interface FeedSync {
  /** Runs one sync now (also what the timer does); never throws. */
  syncNow(): Promise<void>;
  stop(): void;
}

/**
 * Re-syncs the master catalog from the feed at start and then every `minutes`: prices, stock and
 * what is on sale follow the warehouse. A failed sync changes nothing and is logged.
 */
export function startFeedSync(db: Db, opts: { url: string; minutes: number; logger: Logger; maxBytes?: number }): FeedSync {
  const { logger } = opts;
  const syncNow = async () => {
    try {
      // The operator's own FEED_URL: any host, but never more than FEED_MAX_MB.
      const report = await importFeed(db, opts.url, operatorFeedPolicy(opts.maxBytes ?? 500 * 1024 * 1024));
      logger.info({ ...report, rejected: report.rejected.length }, 'feed synced');
    } catch (error) {
      logger.error({ problem: error instanceof FeedError ? error.problem : String(error) }, 'feed sync failed; catalog unchanged');
    }
  };
  void syncNow();
  const timer = setInterval(() => void syncNow(), opts.minutes * 60_000);
  timer.unref();
  return { syncNow, stop: () => clearInterval(timer) };
}

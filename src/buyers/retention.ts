import type { Db } from '../db/client.js';
import type { Logger } from '../shared/logger.js';
import { eraseExpiredOrders, truncateWal } from './personal-data.js';

/** The daily erasure of personal data on orders finished longer ago than the retention period. */
export interface Retention {
  /** One pass: erases what expired by `now` (idempotent); resolves with how many orders it erased. */
  runOnce(): Promise<number>;
  stop(): void;
}

/** Options of {@link startRetention}. */
export interface RetentionOptions {
  db: Db;
  logger: Logger;
  /** PERSONAL_DATA_RETENTION_DAYS. */
  days: number;
  /** The clock (tests move it). */
  now?: () => number;
  /** How often a pass runs; a day by default. */
  intervalMs?: number;
}

/**
 * Runs a pass at start and then every day. A pass costs one indexed query when nothing expired;
 * after erasing something it truncates the write-ahead log so the old bytes leave the disk.
 */
export function startRetention(opts: RetentionOptions): Retention {
  const now = opts.now ?? Date.now;
  const runOnce = async () => {
    const erased = eraseExpiredOrders(opts.db, opts.days, now());
    if (erased > 0) {
      const truncated = await truncateWal(opts.db);
      opts.logger.info({ orders: erased, days: opts.days, walTruncated: truncated }, 'personal data of old finished orders erased');
    }
    return erased;
  };
  const pass = () => void runOnce().catch((error: unknown) => opts.logger.error({ err: error }, 'personal data retention pass failed'));
  const timer = setInterval(pass, opts.intervalMs ?? 86_400_000);
  timer.unref();
  const first = setTimeout(pass, 0);
  first.unref();
  return {
    runOnce,
    stop() {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}

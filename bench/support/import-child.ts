/**
 * Child process of the import: imports a YML feed into a SQLite file exactly as
 * `npm run catalog:import` does (`importFeed` from src/catalog/import) and reports time, memory
 * and the longest event-loop stall. Usage: `import-child.ts <feed.xml> <db.sqlite>`.
 *
 * @module
 */
import { importFeed } from '../../src/catalog/import/feed-import.js';
import { operatorFeedPolicy } from '../../src/catalog/import/feed-source.js';
import { openDatabase } from '../../src/db/client.js';
import { reply } from './child-process.js';
import { elapsedMs } from './stats.js';

/** What one import measured. */
export interface ImportMeasurement {
  ms: number;
  /** RSS before the import started (database open, modules loaded), bytes. */
  baselineRss: number;
  /** Highest RSS sampled every 50 ms, bytes (misses peaks while the event loop is blocked). */
  sampledPeakRss: number;
  /** The process's maximum RSS from getrusage, bytes: the true peak. */
  maxRss: number;
  /** Longest time the event loop could not run anything during the import, ms. */
  longestStallMs: number;
  report: { categories: number; added: number; updated: number; unchanged: number; hidden: number; rejected: number };
}

const [feed, dbPath] = process.argv.slice(2);
await reply<ImportMeasurement>(async () => {
  if (!feed || !dbPath) throw new Error('usage: import-child.ts <feed.xml> <db.sqlite>');
  const db = openDatabase(dbPath);
  const baselineRss = process.memoryUsage().rss;
  let sampledPeakRss = baselineRss;
  // The sampler doubles as the stall meter: a tick later than its 50 ms means the loop was blocked.
  let lastTick = process.hrtime.bigint();
  let longestStallMs = 0;
  const sampler = setInterval(() => {
    const now = process.hrtime.bigint();
    longestStallMs = Math.max(longestStallMs, elapsedMs(lastTick, now) - 50);
    lastTick = now;
    sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  }, 50);
  const start = process.hrtime.bigint();
  const report = await importFeed(db, feed, operatorFeedPolicy(Number.MAX_SAFE_INTEGER));
  const ms = elapsedMs(start);
  longestStallMs = Math.max(longestStallMs, elapsedMs(lastTick) - 50);
  clearInterval(sampler);
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
  db.$client.close();
  return {
    ms,
    baselineRss,
    sampledPeakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
    longestStallMs,
    report: { ...report, rejected: report.rejected.length },
  };
});

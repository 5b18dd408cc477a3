/**
 * Benchmark 4 (`import`): a 100,000-offer YML feed (sizes as separate offers sharing
 * `group_id`, categories, pictures, HTML descriptions; support/feed-generator.ts) imported with
 * the real importer (`importFeed`, as `npm run catalog:import` does) in a fresh child process,
 * into a fresh file database; then the same feed again into the same database, the periodic
 * re-sync of an unchanged feed. Peak memory is the child's maximum RSS (getrusage).
 *
 * @module
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFeed, importInChild } from './support/catalog-fixture.js';
import { groups, type Benchmark, type ResultRow } from './support/result.js';
import { mb } from './support/stats.js';
import type { ImportMeasurement } from './support/import-child.js';

/** Target: seconds one import may take. */
export const targetSeconds = 60;
/** Target: peak megabytes (max RSS) of the importing process. */
export const targetPeakMb = 300;

function rows(label: string, setup: string, m: ImportMeasurement): ResultRow[] {
  return [
    {
      benchmark: 'import',
      setup: `${label}: wall time; ${setup}`,
      figure: `${(m.ms / 1000).toFixed(1)} s`,
      target: `≤ ${targetSeconds} s`,
      pass: m.ms <= targetSeconds * 1000,
      value: m.ms / 1000,
      unit: 's',
    },
    {
      benchmark: 'import',
      setup: `${label}: peak RSS of the importing process (getrusage max RSS; ${mb(m.baselineRss)} MB before the import)`,
      figure: `${mb(m.maxRss)} MB`,
      target: `≤ ${targetPeakMb} MB`,
      pass: mb(m.maxRss) <= targetPeakMb,
      value: mb(m.maxRss),
      unit: 'MB',
    },
    {
      benchmark: 'import',
      setup: `${label}: longest event-loop stall during the import (a bot in the same process answers nobody meanwhile)`,
      figure: `${(m.longestStallMs / 1000).toFixed(1)} s`,
      target: '',
      pass: null,
      value: m.longestStallMs,
      unit: 'ms',
    },
  ];
}

/** The import benchmark. */
export const ymlImportBenchmark: Benchmark = {
  name: 'import',
  description: '100,000-offer YML feed import (fresh DB, then re-sync): time and peak memory',
  async run(ctx) {
    const feed = await ensureFeed(ctx);
    const path = join(ctx.workDir, 'import.sqlite');
    rmSync(path, { force: true });
    ctx.log(`first import of ${feed.offers} offers (${groups(feed.products)} products, ${mb(feed.bytes)} MB)`);
    const first = await importInChild(feed.path, path);
    ctx.log(`first import: ${(first.ms / 1000).toFixed(1)} s, max RSS ${mb(first.maxRss)} MB; re-import of the same feed`);
    const again = await importInChild(feed.path, path);
    ctx.log(`re-import: ${(again.ms / 1000).toFixed(1)} s, max RSS ${mb(again.maxRss)} MB`);
    // The other benchmarks of this run start from this catalog.
    const catalog = join(ctx.workDir, 'catalog.sqlite');
    if (!existsSync(catalog)) renameSync(path, catalog);
    else rmSync(path, { force: true });

    const setup = `${groups(feed.offers)} offers = ${groups(feed.products)} products in ${feed.categories} categories, ${mb(feed.bytes)} MB UTF-8 file, file DB (WAL)`;
    return {
      rows: [...rows('first import into an empty catalog', setup, first), ...rows('re-import of the same feed (periodic sync, nothing changed)', setup, again)],
      details: { feed, first, again },
    };
  },
};

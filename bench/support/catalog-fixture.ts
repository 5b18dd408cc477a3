/**
 * The generated data the benchmarks share within one run: a 100,000-offer YML feed and the
 * catalog database made from it by the real importer. Built once per work directory.
 *
 * @module
 */
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './result.js';
import { runChild } from './child-process.js';
import { writeFeed, type GeneratedFeed } from './feed-generator.js';
import type { ImportMeasurement } from './import-child.js';

/** Offers in the benchmark feed (one per size), hence variants in the catalog. */
export const feedOffers = 100_000;

/** Writes the feed into the work directory unless it is already there. */
export async function ensureFeed(ctx: BenchContext): Promise<GeneratedFeed> {
  const path = join(ctx.workDir, 'feed-100k.xml');
  const meta = `${path}.json`;
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as GeneratedFeed;
  ctx.log(`writing a ${feedOffers}-offer YML feed to ${path}`);
  const feed = await writeFeed(path, feedOffers);
  writeFileSync(meta, JSON.stringify(feed));
  return feed;
}

/** Imports the feed with the real importer (in a child process) into `dbPath`. */
export async function importInChild(feedPath: string, dbPath: string): Promise<ImportMeasurement> {
  return runChild<ImportMeasurement>('support/import-child.ts', [feedPath, dbPath]);
}

/** The path of the imported 100k-variant catalog database, importing it first if needed. */
export async function ensureCatalog(ctx: BenchContext): Promise<string> {
  const path = join(ctx.workDir, 'catalog.sqlite');
  if (existsSync(path)) return path;
  const feed = await ensureFeed(ctx);
  ctx.log('importing the feed into a fresh catalog database');
  await importInChild(feed.path, `${path}.tmp`);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** A private copy of the catalog database for one benchmark, which may write to it. */
export async function copyCatalog(ctx: BenchContext, name: string): Promise<string> {
  const source = await ensureCatalog(ctx);
  if (existsSync(`${source}-wal`)) throw new Error(`${source} has an open WAL; the importer did not close the database`);
  const target = join(ctx.workDir, `${name}.sqlite`);
  // A WAL left by an earlier run would be replayed onto the fresh copy and corrupt it.
  for (const leftover of [target, `${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true });
  copyFileSync(source, target);
  return target;
}

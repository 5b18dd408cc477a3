/**
 * A diagnostic, not a benchmark: how much faster the engine would be with the two fixes the
 * engine benchmark's profile points at, simulated from outside src/ by wrapping the database
 * connection the engine is given:
 *
 * - `tree`: the category tree's product-count query (catalog-service.ts `tree()`, run on every
 *   catalog call) answered from a memo, as a cache invalidated on catalog writes would;
 * - `prep`: statements memoized by their SQL, as drizzle `.prepare()`d queries would be.
 *
 * Runs 60 journeys one after another on a copy of an imported catalog and prints events/s and
 * p50/p99. Usage: `npx tsx bench/support/engine-what-if.ts <catalog.sqlite> <base|tree|prep|tree+prep>`
 * (the catalog from `npm run bench -- import --work-dir <dir>`, at `<dir>/catalog.sqlite`).
 *
 * @module
 */
import { copyFileSync, rmSync } from 'node:fs';
import { pino } from 'pino';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/db/client.js';
import { createEngine } from '../../src/engine/engine.js';
import { createI18n } from '../../src/engine/i18n.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';
import { runJourney } from './buyer-journey.js';
import { createRandom } from './random.js';
import { summarize } from './stats.js';

const [catalog, mode = 'base'] = process.argv.slice(2);
if (!catalog) throw new Error('usage: engine-what-if.ts <catalog.sqlite> <base|tree|prep|tree+prep>');
const path = `${catalog}.what-if.sqlite`;
for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
copyFileSync(catalog, path);
const db = openDatabase(path);

// Patched on the connection object only: the engine's queries all go through `prepare`.
const client = db.$client as unknown as { prepare: (sql: string) => Database.Statement };
const prepare = client.prepare.bind(client);
const statements = new Map<string, Database.Statement>();
let treeCounts: unknown[] | undefined;
client.prepare = (sql: string) => {
  const cached = mode.includes('prep') ? statements.get(sql) : undefined;
  if (cached) return cached;
  const statement = prepare(sql);
  if (mode.includes('tree') && sql.startsWith('select "category_id", count(*) from "products"')) {
    const all = statement.all.bind(statement);
    (statement as { all: (...params: unknown[]) => unknown[] }).all = (...params: unknown[]) => (treeCounts ??= all(...params));
  }
  if (mode.includes('prep')) statements.set(sql, statement);
  return statement;
};

const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
const engine = createEngine({ db, i18n: createI18n(), logger: pino({ level: 'silent' }), phoneRegion: 'RU', notify: async () => undefined });
const go = (user: number, record: (kind: string, ms: number) => void) =>
  runJourney({ engine, storefrontId: storefront.id, userId: String(user), rnd: createRandom(user), record, think: async () => undefined, eventPrefix: 'what-if' });
for (let i = 0; i < 10; i++) await go(900 + i, () => undefined);
const latencies: number[] = [];
const start = Date.now();
for (let i = 0; i < 60; i++) await go(i + 1, (_kind, ms) => latencies.push(ms));
const s = summarize(latencies);
process.stdout.write(`${mode.padEnd(10)} ${Math.round((latencies.length / (Date.now() - start)) * 1000)} events/s, p50 ${s.p50} ms, p99 ${s.p99} ms\n`);
db.$client.close();
for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });

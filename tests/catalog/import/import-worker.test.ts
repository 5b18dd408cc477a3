import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../../src/catalog/catalog-service.js';
import { importCatalog, type ImportStep } from '../../../src/catalog/import/catalog-import.js';
import { importFeed } from '../../../src/catalog/import/feed-import.js';
import { openFeed, operatorFeedPolicy } from '../../../src/catalog/import/feed-source.js';

/** The operator's own feed files: any location, a cap far above these feeds. */
const operator = operatorFeedPolicy(500 * 1024 * 1024);
import { FeedError } from '../../../src/catalog/import/feed-types.js';
import { readYml } from '../../../src/catalog/import/yml-reader.js';
import { openDatabase, type Db } from '../../../src/db/client.js';
import { ensureDefaultStorefront } from '../../../src/storefronts/storefront-service.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sarafan-import-worker-'));
  dirs.push(dir);
  return dir;
}

/** A YML feed of `products` products in three sizes each, wholesale `price` roubles (+ the product's number). */
function writeFeed(path: string, opts: { products: number; price: number; from?: number; tail?: string; dresses?: string }): void {
  const offers: string[] = [];
  for (let p = opts.from ?? 0; p < (opts.from ?? 0) + opts.products; p++) {
    for (const size of ['S', 'M', 'L']) {
      offers.push(`<offer id="P${p}-${size}" group_id="P${p}" available="true"><price>${opts.price + p}</price><currencyId>RUR</currencyId>
        <categoryId>${(p % 2) + 1}</categoryId><name>Платье «Модель ${p}»</name><description>Платье номер ${p}</description>
        <param name="Размер">${size}</param><count>${p % 5}</count></offer>`);
    }
  }
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?><yml_catalog><shop><currencies><currency id="RUR" rate="1"/></currencies>
    <categories><category id="1">${opts.dresses ?? 'Платья'}</category><category id="2">Юбки</category></categories>
    <offers>${offers.join('\n')}</offers></shop></yml_catalog>${opts.tail ?? ''}`,
  );
}

/** Every product with its sizes' offer ids and wholesale prices, as buyers' connection reads it. */
function catalogOf(db: Db): Array<{ sku: string; hidden: number; wholesale: number; sizes: string | null; prices: string | null; stock: number | null }> {
  return db.$client
    .prepare(
      `select p.sku, p.hidden, p.wholesale_price as wholesale, group_concat(v.offer_id) as sizes, group_concat(distinct v.wholesale_price) as prices, sum(v.stock) as stock
       from products p left join variants v on v.product_id = p.id group by p.id order by p.id`,
    )
    .all() as ReturnType<typeof catalogOf>;
}

/** Commits on the engine's connection without waiting for any lock: throws SQLITE_BUSY if the import holds the write lock. */
function commitWithoutWaiting(db: Db): void {
  const before = db.$client.pragma('busy_timeout', { simple: true }) as number;
  db.$client.pragma('busy_timeout = 0');
  try {
    db.$client.transaction(() => db.$client.prepare("update franchise_settings set min_markup_percent = min_markup_percent").run()).immediate();
  } finally {
    db.$client.pragma(`busy_timeout = ${before}`);
  }
}

describe('catalog import of a database file', () => {
  it('runs on a worker thread and commits in steps of whole products, the engine committing between two steps', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'shop.sqlite'));
    const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
    const catalog = createCatalogService(db);
    // The engine's caches are filled before the import: they must not hide its products afterwards.
    expect(catalog.search(storefront.id, 'платье модель', 0, 5).total).toBe(0);
    const feed = join(dir, 'feed.xml');
    writeFeed(feed, { products: 40, price: 1000 });

    const steps: Array<ImportStep & { visible: number }> = [];
    const report = await importFeed(db, feed, operator, 'yml', {
      stepOffers: 30,
      stepMs: 60_000,
      holdBetweenSteps: true,
      onStep(step, worker) {
        expect(worker).not.toBe(threadId);
        const now = catalogOf(db);
        // Between two steps: no product without all three sizes, and the engine can commit.
        expect(now.filter((p) => p.sizes?.split(',').length !== 3)).toEqual([]);
        commitWithoutWaiting(db);
        steps.push({ ...step, visible: now.filter((p) => !p.hidden).length });
      },
    });

    expect(report).toEqual({ categories: 2, added: 40, updated: 0, unchanged: 0, hidden: 0, rejected: [] });
    const offerSteps = steps.filter((s) => s.phase === 'offers');
    // 120 offers in steps of at most 30 (10 whole products): four steps, the catalog growing by each.
    expect(offerSteps.map((s) => s.offers)).toEqual([30, 60, 90, 120]);
    expect(offerSteps.map((s) => s.visible)).toEqual([10, 20, 30, 40]);
    // Buyers find what the worker wrote: the search index and revisions moved on.
    expect(catalog.search(storefront.id, 'платье модель', 0, 5).total).toBe(40);
    // The worker's connection was closed before the report came: closing the last one folds the log
    // into the database file (a CLI that exits right after the report loses nothing).
    db.$client.close();
    expect(existsSync(join(dir, 'shop.sqlite-wal'))).toBe(false);
  });

  it('re-syncs prices a whole product at a time and reports new, changed, unchanged and hidden', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'shop.sqlite'));
    const first = join(dir, 'first.xml');
    writeFeed(first, { products: 30, price: 1000 });
    await importFeed(db, first, operator, 'yml', { stepOffers: 30 });
    // The second feed: products 0-4 gone, 5-9 unchanged, 10-29 dearer, 30-34 new.
    const second = join(dir, 'second.xml');
    const unchanged = readFileSync(first, 'utf8').match(/<offer id="P[5-9]-[SML]".*?<\/offer>/gs)!.join('\n');
    writeFeed(second, { products: 25, price: 2000, from: 10 });
    writeFileSync(second, readFileSync(second, 'utf8').replace('<offers>', `<offers>${unchanged}`));

    const halfUpdated: string[] = [];
    let steps = 0;
    const report = await importFeed(db, second, operator, 'yml', {
      stepOffers: 12,
      stepMs: 60_000,
      holdBetweenSteps: true,
      onStep() {
        steps++;
        for (const p of catalogOf(db)) {
          // One price for all sizes of a product, and the product's own the same: never half old, half new.
          if (p.prices?.includes(',') || String(p.wholesale) !== p.prices) halfUpdated.push(p.sku);
        }
      },
    });

    expect(steps).toBeGreaterThan(5);
    expect(halfUpdated).toEqual([]);
    expect(report).toEqual({ categories: 2, added: 5, updated: 20, unchanged: 5, hidden: 5, rejected: [] });
    const after = catalogOf(db);
    expect(after.filter((p) => p.hidden).map((p) => [p.sku, p.stock])).toEqual(['feed:P0', 'feed:P1', 'feed:P2', 'feed:P3', 'feed:P4'].map((sku) => [sku, 0]));
    expect(after.find((p) => p.sku === 'feed:P12')?.wholesale).toBe(201_200);
    // The same feed again changes nothing.
    expect(await importFeed(db, second, operator, 'yml', { stepOffers: 12 })).toEqual({ categories: 2, added: 0, updated: 0, unchanged: 30, hidden: 0, rejected: [] });
    db.$client.close();
  });

  it('leaves the catalog untouched when the feed breaks at its very end', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'shop.sqlite'));
    const good = join(dir, 'good.xml');
    writeFeed(good, { products: 20, price: 1000 });
    await importFeed(db, good, operator);
    const before = catalogOf(db);
    // Hundreds of good offers first: a writer in steps must not have written any of them.
    const broken = join(dir, 'broken.xml');
    writeFeed(broken, { products: 200, price: 5000, tail: '<oops' });
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('</shop></yml_catalog><oops', '</shop><oops></yml_catalog>'));
    let steps = 0;
    const refused = await importFeed(db, broken, operator, 'yml', { stepOffers: 30, holdBetweenSteps: true, onStep: () => void steps++ }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FeedError);
    expect((refused as FeedError).problem.kind).toBe('malformed');
    expect(steps).toBe(0);
    expect(catalogOf(db)).toEqual(before);
    db.$client.close();
  });
});

describe('a sync stopped half-way', () => {
  it('leaves whole products, and the next sync completes it (search index included) as if it had run in one go', async () => {
    const dir = tempDir();
    const first = join(dir, 'first.xml');
    const second = join(dir, 'second.xml');
    writeFeed(first, { products: 20, price: 1000 });
    // The second feed also renames a category: every product under it is searched by the new name.
    writeFeed(second, { products: 20, price: 3000, from: 10, dresses: 'Сарафаны' });
    const clean = openDatabase(join(dir, 'clean.sqlite'));
    const crashed = openDatabase(join(dir, 'crashed.sqlite'));
    for (const db of [clean, crashed]) await importFeed(db, first, operator);
    await importFeed(clean, second, operator);
    // The process dies after the second step of offers: the worker never gets its answer.
    let offerSteps = 0;
    const stopped = new Error('process killed');
    const dying = (step: ImportStep) => {
      if (step.phase === 'offers' && ++offerSteps === 2) throw stopped;
    };
    await expect(
      importCatalog(crashed, await openFeed(second, operator), readYml, { stepOffers: 15, stepMs: 60_000, between: async (step) => dying(step) }),
    ).rejects.toBe(stopped);
    const partial = catalogOf(crashed);
    expect(partial.filter((p) => p.sizes?.split(',').length !== 3 || p.prices?.includes(','))).toEqual([]);
    expect(partial.filter((p) => p.wholesale > 300_000).length).toBe(10);
    await importFeed(crashed, second, operator);
    expect(catalogOf(crashed)).toEqual(catalogOf(clean));
    const searchRows = (db: Db) => db.$client.prepare('select rowid, name, category from product_search order by rowid').all();
    expect(searchRows(crashed)).toEqual(searchRows(clean));
    expect(searchRows(crashed)).toContainEqual(expect.objectContaining({ category: 'Сарафаны' }));
    clean.$client.close();
    crashed.$client.close();
  });
});

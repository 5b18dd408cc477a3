import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { createFindHits } from '../../src/catalog/search-hits.js';
import { createSearchWorker, SearchWorkerError, type SearchRunner } from '../../src/catalog/search-runner.js';
import { storefrontProducts } from '../../src/db/schema.js';
import { openDemoShopFile } from '../helpers/demo-shop-file.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function demoShopOnDisk() {
  const shop = openDemoShopFile(cleanups);
  return { ...shop, catalog: createCatalogService(shop.db) };
}

function worker(path: string, warnings: string[] = []): SearchRunner {
  const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
  const runner = createSearchWorker({ path, logger });
  cleanups.push(() => runner.close());
  return runner;
}

describe('search worker', () => {
  it('finds what the search on the event loop finds, page by page, from its own connection', async () => {
    const { db, path, storefront, catalog } = demoShopOnDisk();
    const here = createFindHits(db);
    const runner = worker(path);
    await runner.ready;
    expect(runner.available()).toBe(true);
    for (const [query, offset] of [['платье', 0], ['кроссовки белые', 0], ['обувь', 5], ['ботинки замшевые синие', 0], ['обувь', 500], ['зонтик', 0]] as const) {
      const request = catalog.searchRequest(storefront.id, query, offset, 5);
      expect(await runner.find(request), `${query} from ${offset}`).toEqual(here(request));
    }
    const shoes = await runner.find(catalog.searchRequest(storefront.id, 'обувь', 0, 5));
    expect(shoes.total).toBeGreaterThan(5);
  });

  it('sees a product the franchisee hid as soon as the hiding is committed', async () => {
    const { db, path, storefront, catalog } = demoShopOnDisk();
    const runner = worker(path);
    const before = await runner.find(catalog.searchRequest(storefront.id, 'челси', 0, 5));
    expect(before.ids.length).toBeGreaterThan(0);
    db.insert(storefrontProducts).values({ storefrontId: storefront.id, productId: before.ids[0]!, hidden: true }).run();
    const after = await runner.find(catalog.searchRequest(storefront.id, 'челси', 0, 5));
    expect(after.ids).not.toContain(before.ids[0]);
    expect(after.total).toBe(before.total - 1);
  });

  it('refuses searches once closed, so the engine searches on the loop instead', async () => {
    const { path, storefront, catalog } = demoShopOnDisk();
    const runner = worker(path);
    await runner.close();
    await expect(runner.find(catalog.searchRequest(storefront.id, 'платье', 0, 5))).rejects.toBeInstanceOf(SearchWorkerError);
  });

  it('reports a database it cannot open with a warning and refused searches, not a hang', async () => {
    const { storefront, catalog } = demoShopOnDisk();
    const warnings: string[] = [];
    const runner = worker(join(tmpdir(), 'sarafan-no-such-dir', 'missing.sqlite'), warnings);
    await expect(runner.find(catalog.searchRequest(storefront.id, 'платье', 0, 5))).rejects.toBeInstanceOf(SearchWorkerError);
    expect(warnings.join('')).toContain('search worker failed');
    expect(runner.available()).toBe(false);
  });
});

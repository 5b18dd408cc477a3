import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { createFindHits } from '../../src/catalog/search-hits.js';
import { seedDemoCatalog } from '../../src/catalog/demo/seed-demo.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { categories, listRevisions, products, storefrontCategories, storefrontProducts, variants } from '../../src/db/schema.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, productBySku } from '../helpers/engine-harness.js';

const categoryByExternalId = (db: Db, externalId: string) =>
  db.select().from(categories).where(eq(categories.externalId, externalId)).get()!;

describe('the catalog a storefront shows stays current while it is kept between events', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('recounts categories when the franchisor withdraws a product or moves one to another category', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const shoes = categoryByExternalId(app.db, 'demo:shoes');
    expect(catalog.category(sf, shoes.id)?.productCount).toBe(7);
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    app.db.update(products).set({ hidden: true }).where(eq(products.id, boots.id)).run();
    expect(catalog.category(sf, shoes.id)?.productCount).toBe(6);
    expect(catalog.product(sf, boots.id)).toBeUndefined();

    const tee = productBySku(app, 'TEE-CROP-01');
    app.db.update(products).set({ categoryId: boots.categoryId }).where(eq(products.id, tee.id)).run();
    expect(catalog.category(sf, shoes.id)?.productCount).toBe(7);
    expect(catalog.productsIn(sf, boots.categoryId, 0, 20).items.map((p) => p.name)).toContain(tee.name);
  });

  it('drops a category and its products from one storefront the moment it is hidden there, and brings them back', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const shoes = categoryByExternalId(app.db, 'demo:shoes');
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    expect(catalog.childCategories(sf, null).map((c) => c.name)).toEqual(['Одежда', 'Обувь', 'Аксессуары']);
    app.db.insert(storefrontCategories).values({ storefrontId: sf, categoryId: shoes.id, hidden: true }).run();
    expect(catalog.childCategories(sf, null).map((c) => c.name)).toEqual(['Одежда', 'Аксессуары']);
    expect(catalog.product(sf, boots.id)).toBeUndefined();
    expect(catalog.shown(sf, [boots.id]).size).toBe(0);
    app.db.update(storefrontCategories).set({ hidden: false }).run();
    expect(catalog.childCategories(sf, null).map((c) => c.name)).toEqual(['Одежда', 'Обувь', 'Аксессуары']);
    expect(catalog.product(sf, boots.id)?.name).toBe(boots.name);
    app.db.insert(storefrontProducts).values({ storefrontId: sf, productId: boots.id, hidden: true }).run();
    expect(catalog.category(sf, shoes.id)?.productCount).toBe(6);
  });

  it('sees a catalog import made by another process on the same database file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-catalog-'));
    dirs.push(dir);
    const file = join(dir, 'shop.sqlite');
    const bot = openDatabase(file);
    const sf = ensureDefaultStorefront(bot, { name: 'Shop', timeZone: 'Europe/Moscow' }).id;
    const catalog = createCatalogService(bot);
    expect(catalog.childCategories(sf, null)).toEqual([]);
    expect(catalog.search(sf, 'челси', 0, 5).total).toBe(0);

    // `npm run catalog:import` is a second process with its own connection.
    const importer = openDatabase(file);
    seedDemoCatalog(importer);
    importer.$client.close();

    expect(catalog.childCategories(sf, null).map((c) => c.productCount)).toEqual([17, 7, 6]);
    expect(catalog.search(sf, 'челси', 0, 5).items.map((p) => p.name)).toContain('Ботинки челси замшевые');
    bot.$client.close();
  });

  it('does not keep what it saw inside a transaction that was rolled back', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const shoes = categoryByExternalId(app.db, 'demo:shoes');
    expect(() =>
      app.db.transaction(() => {
        app.db.insert(storefrontCategories).values({ storefrontId: sf, categoryId: shoes.id, hidden: true }).run();
        expect(catalog.category(sf, shoes.id)).toBeUndefined();
        throw new Error('the franchisee cancelled');
      }),
    ).toThrow('cancelled');
    expect(catalog.category(sf, shoes.id)?.productCount).toBe(7);
  });

  it('counts a whole category for a screen that asks only for the total, and past the last page', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const tee = productBySku(app, 'TEE-CROP-01');
    const total = catalog.productsIn(sf, tee.categoryId, 0, 0).total;
    expect(total).toBeGreaterThan(5);
    expect(catalog.productsIn(sf, tee.categoryId, 0, 0).items).toEqual([]);
    expect(catalog.productsIn(sf, tee.categoryId, total + 5, 5)).toEqual({ items: [], total });
    const pages = [0, 5, 10].flatMap((offset) => catalog.productsIn(sf, tee.categoryId, offset, 5).items.map((p) => p.id));
    expect(new Set(pages).size).toBe(total);
  });

  it('moves a product behind the ones in stock once its last size sells out, and back when stock returns', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const tee = productBySku(app, 'TEE-CROP-01');
    const firstIds = () => catalog.productsIn(sf, tee.categoryId, 0, 5).items.map((p) => p.id);
    const leader = firstIds()[0]!;
    app.db.update(variants).set({ stock: 0 }).where(eq(variants.productId, leader)).run();
    expect(firstIds()).not.toContain(leader);
    const total = catalog.productsIn(sf, tee.categoryId, 0, 0).total;
    const last = catalog.productsIn(sf, tee.categoryId, total - 1, 1).items[0]!;
    expect(last).toMatchObject({ id: leader, inStock: false });
    app.db.update(variants).set({ stock: 2 }).where(eq(variants.productId, leader)).run();
    expect(firstIds()[0]).toBe(leader);
  });

  it('re-sorts only the list of a product that sold out of its last size, not on every size sold out', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const tee = productBySku(app, 'TEE-CROP-01');
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    const revisionOf = (categoryId: number | null) =>
      app.db.select().from(listRevisions).where(eq(listRevisions.list, categoryId ?? -1)).get()?.revision;
    const leader = catalog.productsIn(sf, tee.categoryId, 0, 5).items[0]!.id;
    const sizes = app.db.select().from(variants).where(eq(variants.productId, leader)).all().filter((v) => v.stock > 0);
    expect(sizes.length).toBeGreaterThan(1);
    const [teesBefore, shoesBefore] = [revisionOf(tee.categoryId), revisionOf(boots.categoryId)];
    for (const size of sizes.slice(0, -1)) app.db.update(variants).set({ stock: 0 }).where(eq(variants.id, size.id)).run();
    expect(revisionOf(tee.categoryId)).toBe(teesBefore);
    expect(catalog.productsIn(sf, tee.categoryId, 0, 5).items[0]!.id).toBe(leader);
    app.db.update(variants).set({ stock: 0 }).where(eq(variants.id, sizes.at(-1)!.id)).run();
    expect(revisionOf(tee.categoryId)).not.toBe(teesBefore);
    expect(revisionOf(boots.categoryId)).toBe(shoesBefore);
    expect(catalog.productsIn(sf, tee.categoryId, 0, 5).items.map((p) => p.id)).not.toContain(leader);
  });

  it('shows a list in the franchisor\'s new order as soon as products are moved in it', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const tee = productBySku(app, 'TEE-CROP-01');
    const before = catalog.productsIn(sf, tee.categoryId, 0, 5).items.map((p) => p.id);
    app.db.update(products).set({ position: -1 }).where(eq(products.id, before[3]!)).run();
    expect(catalog.productsIn(sf, tee.categoryId, 0, 5).items.map((p) => p.id)[0]).toBe(before[3]);
  });

  it('leaves out of a search page a product hidden after the search ran (the worker reads a moment earlier)', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const hits = createFindHits(app.db)(catalog.searchRequest(sf, 'обувь', 0, 5));
    expect(catalog.searchPage(sf, hits).items.map((p) => p.id)).toEqual(hits.ids);
    app.db.insert(storefrontProducts).values({ storefrontId: sf, productId: hits.ids[0]!, hidden: true }).run();
    expect(catalog.searchPage(sf, hits).items.map((p) => p.id)).toEqual(hits.ids.slice(1));
  });

  it('answers three words nothing matches in full with the items that match two of them, not everything with one', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const found = catalog.search(app.storefront.id, 'ботинки замшевые синие', 0, 10);
    expect(found.items.map((p) => p.name)).toEqual(['Ботинки челси замшевые']);
    expect(found.total).toBe(1);
    // Two words that match nothing together still find what either one matches.
    expect(catalog.search(app.storefront.id, 'замшевые пижамы', 0, 10).items.map((p) => p.name)).toContain('Ботинки челси замшевые');
  });
});

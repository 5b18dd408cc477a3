import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { createSearchCache } from '../../src/catalog/search-cache.js';
import { reindexProducts } from '../../src/catalog/search-index.js';
import { products, storefrontProducts, variants } from '../../src/db/schema.js';
import { createTestApp, productBySku, TestBuyer } from '../helpers/engine-harness.js';

const hits = (revision: number, ...ids: number[]) => ({ ids, total: ids.length, revision });
const search = (query: string, offset = 0) => ({ storefrontId: 1, hiddenJson: '[]', query, offset, limit: 5 });

describe('the search cache', () => {
  it('gives a kept page back only at the revision it was found at', () => {
    const cache = createSearchCache();
    cache.set(search('кеды'), hits(7, 1, 2));
    expect(cache.get(search('кеды'), 7)?.ids).toEqual([1, 2]);
    expect(cache.get(search('кеды'), 8)).toBeUndefined();
    // Dropped once out of date, even if the revision came back.
    expect(cache.get(search('кеды'), 7)).toBeUndefined();
  });

  it('lets the least recently used page go once full', () => {
    const cache = createSearchCache(2);
    cache.set(search('a'), hits(1, 1));
    cache.set(search('b'), hits(1, 2));
    cache.get(search('a'), 1);
    cache.set(search('c'), hits(1, 3));
    expect(cache.get(search('b'), 1)).toBeUndefined();
    expect(cache.get(search('a'), 1)?.ids).toEqual([1]);
    expect(cache.get(search('c'), 1)?.ids).toEqual([3]);
  });

  it('keeps one page for queries the search reads alike (case, spaces, ё), and apart for another page or storefront scope', () => {
    const cache = createSearchCache();
    cache.set(search('Ёлочные  Кроссовки  '), hits(1, 1));
    expect(cache.get(search('елочные кроссовки'), 1)?.ids).toEqual([1]);
    expect(cache.get(search(' ЕЛОЧНЫЕ, кроссовки!'), 1)?.ids).toEqual([1]);
    expect(cache.get(search('елочные кроссовки', 5), 1)).toBeUndefined();
    expect(cache.get({ ...search('елочные кроссовки'), hiddenJson: '[3]' }, 1)).toBeUndefined();
  });
});

describe('the search revision', () => {
  it('changes when a product sells out of its last size, is hidden or withdrawn, or its text is reindexed, and not for a size that leaves others in stock', () => {
    const app = createTestApp();
    const catalog = createCatalogService(app.db);
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    const sizes = app.db.select().from(variants).where(eq(variants.productId, boots.id)).all().filter((v) => v.stock > 0);
    expect(sizes.length).toBeGreaterThan(1);
    const changes = (write: () => void) => {
      const before = catalog.searchRevision();
      write();
      return catalog.searchRevision() !== before;
    };
    expect(changes(() => app.db.update(variants).set({ stock: 0 }).where(eq(variants.id, sizes[0]!.id)).run())).toBe(false);
    expect(changes(() => app.db.update(variants).set({ stock: 0 }).where(eq(variants.productId, boots.id)).run())).toBe(true);
    expect(changes(() => app.db.update(variants).set({ stock: 3 }).where(eq(variants.id, sizes[0]!.id)).run())).toBe(true);
    expect(changes(() => app.db.insert(storefrontProducts).values({ storefrontId: app.storefront.id, productId: boots.id, hidden: true }).run())).toBe(true);
    expect(changes(() => app.db.update(products).set({ hidden: true }).where(eq(products.id, boots.id)).run())).toBe(true);
    expect(changes(() => reindexProducts(app.db, [boots.id]))).toBe(true);
  });
});

describe('searches answered from the cache stay current', () => {
  it('no longer finds a product by words the franchisor took out of its card', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await buyer.say('канвас');
    expect(buyer.text).toContain('Кеды текстильные белые');
    const kedy = productBySku(app, 'SHOE-CANVAS-01');
    app.db.update(products).set({ name: 'Слипоны белые', description: 'Лёгкая обувь без шнурков.', params: [] }).where(eq(products.id, kedy.id)).run();
    reindexProducts(app.db, [kedy.id]);
    await buyer.say('канвас');
    expect(buyer.text).toContain('ничего не нашлось');
    await buyer.say('слипоны');
    expect(buyer.text).toContain('Слипоны белые');
  });

  it('puts a product behind the ones in stock once its last size sold out after the same search', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await buyer.say('ботинки');
    const first = /Ботинки (челси|на шнуровке)/.exec(buyer.text)![0];
    const other = first === 'Ботинки челси' ? 'Ботинки на шнуровке' : 'Ботинки челси';
    expect(buyer.text.indexOf(first)).toBeLessThan(buyer.text.indexOf(other));
    const soldOut = productBySku(app, first === 'Ботинки челси' ? 'SHOE-CHELSEA-01' : 'SHOE-LACE-01');
    app.db.update(variants).set({ stock: 0 }).where(eq(variants.productId, soldOut.id)).run();
    await buyer.say('ботинки');
    expect(buyer.text.indexOf(other)).toBeLessThan(buyer.text.indexOf(first));
  });
});

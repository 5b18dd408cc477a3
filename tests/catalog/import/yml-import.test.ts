import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { createCatalogService } from '../../../src/catalog/catalog-service.js';
import { importCatalog } from '../../../src/catalog/import/catalog-import.js';
import { openFeed, operatorFeedPolicy } from '../../../src/catalog/import/feed-source.js';
import { FeedError } from '../../../src/catalog/import/feed-types.js';
import { readYml } from '../../../src/catalog/import/yml-reader.js';
import { categories, orders, products, variants } from '../../../src/db/schema.js';
import { createTestApp, TestBuyer, fillCheckoutForm } from '../../helpers/engine-harness.js';

const feed = (name: string) => new URL(`../../fixtures/feeds/${name}`, import.meta.url).pathname;
const importFile = async (app: ReturnType<typeof createTestApp>, name: string) => importCatalog(app.db, await openFeed(feed(name), operatorFeedPolicy(500 * 1024 * 1024)), readYml);
async function* bytes(data: Buffer, chunk = 7) {
  // Small chunks: multibyte letters and tags get cut between reads, as on a slow network.
  for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
}
const variantsOf = (app: ReturnType<typeof createTestApp>, sku: string) => {
  const product = app.db.select().from(products).where(eq(products.sku, sku)).get()!;
  return { product, sizes: app.db.select().from(variants).where(eq(variants.productId, product.id)).orderBy(asc(variants.position), asc(variants.id)).all() };
};

describe('YML import', () => {
  it('reads sizes given as separate offers sharing group_id, with everything a card needs', async () => {
    const app = createTestApp({ seed: false });
    const report = await importFile(app, 'sizes-as-offers.xml');
    expect(report).toMatchObject({ categories: 3, added: 2, updated: 0, hidden: 0, rejected: [] });
    const { product, sizes } = variantsOf(app, 'feed:SN-100');
    expect(product).toMatchObject({
      name: 'Кроссовки городские «Вега»',
      wholesalePrice: 245000,
      oldPrice: 299050,
      pictures: ['https://example.com/img/sn-100-1.jpg', 'https://example.com/img/sn-100-2.jpg'],
      params: [
        { name: 'Цвет', value: 'Белый' },
        { name: 'Материал', value: 'Текстиль' },
      ],
    });
    expect(product.description).toBe('Лёгкие кроссовки на каждый день.\n• Дышащая сетка\n• Мягкая стелька');
    expect(sizes.map((v) => [v.offerId, v.size, v.stock])).toEqual([
      ['SN-100-40', '40', 3],
      ['SN-100-41', '41', 0],
      ['SN-100-42', '42', 0],
    ]);
    const category = app.db.select().from(categories).where(eq(categories.id, product.categoryId!)).get()!;
    expect(category.name).toBe('Кроссовки');
    expect(app.db.select().from(categories).where(eq(categories.id, category.parentId!)).get()!.name).toBe('Обувь');
    // An offer without a category, without count (available: some stock) and an HTML entity in plain text.
    const bag = variantsOf(app, 'feed:BAG-7');
    expect(bag.product.categoryId).toBeNull();
    expect(bag.product.description).toBe('Вместительная сумка & ремень через плечо');
    expect(bag.sizes).toEqual([expect.objectContaining({ size: null, stock: 10 })]);
    // Buyers see it at the recommended retail price, and find it.
    const catalog = createCatalogService(app.db);
    expect(catalog.product(app.storefront.id, product.id)?.price).toBe(490000);
    expect(catalog.search(app.storefront.id, 'кроссовки вега', 0, 5).items.map((p) => p.id)).toEqual([product.id]);
  });

  it('reads sizes given as repeated params and as a comma list', async () => {
    const app = createTestApp({ seed: false });
    await importFile(app, 'sizes-as-params.xml');
    const dress = variantsOf(app, 'feed:DR-1');
    expect(dress.sizes.map((v) => [v.offerId, v.size, v.stock])).toEqual([
      ['DR-1:S', 'S', 4],
      ['DR-1:M', 'M', 4],
      ['DR-1:L', 'L', 4],
    ]);
    expect(dress.product.description).toBe('Мягкий трикотаж.\nДлина миди.');
    const report = await importFile(app, 'sizes-as-list.xml');
    expect(variantsOf(app, 'feed:JK-9').sizes.map((v) => v.size)).toEqual(['44', '46', '48']);
    expect(report.rejected).toEqual([
      { offerId: 'JK-10', reason: 'bad-price', detail: '-100' },
      { offerId: 'JK-11', reason: 'no-price' },
      { offerId: 'JK-12', reason: 'currency', detail: 'USD' },
      { offerId: 'JK-9', reason: 'duplicate-id' },
      { offerId: '#6', reason: 'no-id' },
    ]);
    // The dress is not in this feed any more: hidden, its sizes at zero.
    expect(report.hidden).toBe(1);
    expect(variantsOf(app, 'feed:DR-1').product.hidden).toBe(true);
  });

  it('reads a windows-1251 feed, even cut into small chunks', async () => {
    const app = createTestApp({ seed: false });
    const utf8 = readFileSync(feed('sizes-as-offers.xml'), 'utf8').replace('encoding="UTF-8"', 'encoding="windows-1251"');
    const report = await importCatalog(app.db, bytes(iconv.encode(utf8, 'win1251')), readYml);
    expect(report.added).toBe(2);
    expect(variantsOf(app, 'feed:SN-100').product.name).toBe('Кроссовки городские «Вега»');
    expect(app.db.select().from(categories).all().map((c) => c.name)).toContain('Аксессуары');
  });

  it('is idempotent and re-syncs prices and stock without breaking order history', async () => {
    const app = createTestApp({ seed: false });
    await importFile(app, 'sizes-as-offers.xml');
    const again = await importFile(app, 'sizes-as-offers.xml');
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2, hidden: 0 });

    const buyer = new TestBuyer(app);
    await buyer.say(`/start p${variantsOf(app, 'feed:SN-100').product.id}`);
    await buyer.press(/^40$/);
    await buyer.press('Оформить заказ');
    await fillCheckoutForm(buyer);
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('оформлен');

    const changed = readFileSync(feed('sizes-as-offers.xml'), 'utf8')
      .replace('<price>2450.00</price>', '<price>2600</price>')
      .replace(/<offer id="BAG-7"[\s\S]*?<\/offer>/, '');
    const report = await importCatalog(app.db, bytes(Buffer.from(changed), 4096), readYml);
    expect(report).toMatchObject({ added: 0, updated: 1, hidden: 1 });
    expect(variantsOf(app, 'feed:SN-100').product.wholesalePrice).toBe(260000);
    expect(variantsOf(app, 'feed:BAG-7').sizes[0]!.stock).toBe(0);
    await buyer.say('/orders');
    await buyer.press('№ 1001');
    expect(buyer.text).toContain('Кроссовки городские «Вега», размер 40');
    expect(app.db.select().from(orders).get()!.total).toBe(490000);
  });

  it('keeps search current through a sync: a renamed product and a renamed category are found by their new names', async () => {
    const app = createTestApp({ seed: false });
    await importFile(app, 'sizes-as-offers.xml');
    const catalog = createCatalogService(app.db);
    const sf = app.storefront.id;
    const names = (q: string) => catalog.search(sf, q, 0, 5).items.map((p) => p.name);
    const renamed = readFileSync(feed('sizes-as-offers.xml'), 'utf8').replaceAll('Кроссовки городские «Вега»', 'Кеды беговые «Орион»');
    expect(await importCatalog(app.db, bytes(Buffer.from(renamed), 4096), readYml)).toMatchObject({ updated: 1, unchanged: 1 });
    expect(names('орион')).toEqual(['Кеды беговые «Орион»']);
    expect(names('вега')).toEqual([]);
    expect(names('шопер')).toEqual(['Сумка-шопер холщовая']);
    // The category is part of what search reads ("кроссовки" finds what is filed under them).
    const recategorised = renamed.replace('>Кроссовки</category>', '>Сникеры</category>');
    await importCatalog(app.db, bytes(Buffer.from(recategorised), 4096), readYml);
    expect(names('сникеры')).toEqual(['Кеды беговые «Орион»']);
  });

  it('changes nothing when the feed is broken, and says where', async () => {
    const app = createTestApp();
    const before = app.db.select().from(products).all();
    const error = await importFile(app, 'broken.xml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).problem).toMatchObject({ kind: 'malformed', line: 11 });
    expect(app.db.select().from(products).all()).toEqual(before);
  });

  it('refuses a feed whose bytes do not match its declared encoding, and an empty one', async () => {
    const app = createTestApp();
    const lying = iconv.encode(readFileSync(feed('sizes-as-params.xml'), 'utf8'), 'win1251');
    const wrong = await importCatalog(app.db, bytes(lying, 4096), readYml).catch((e: unknown) => e);
    expect((wrong as FeedError).problem).toEqual({ kind: 'encoding', encoding: 'utf-8' });
    const empty = Buffer.from('<?xml version="1.0"?><yml_catalog><shop><offers></offers></shop></yml_catalog>');
    const none = await importCatalog(app.db, bytes(empty, 4096), readYml).catch((e: unknown) => e);
    expect((none as FeedError).problem).toEqual({ kind: 'empty' });
    expect(app.db.select().from(products).where(eq(products.hidden, true)).all()).toHaveLength(0);
  });
});

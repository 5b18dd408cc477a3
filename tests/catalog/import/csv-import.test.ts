import { readFileSync } from 'node:fs';
import { asc, eq } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { importCatalog } from '../../../src/catalog/import/catalog-import.js';
import { readCsv } from '../../../src/catalog/import/csv-reader.js';
import { openFeed, operatorFeedPolicy } from '../../../src/catalog/import/feed-source.js';
import { FeedError } from '../../../src/catalog/import/feed-types.js';
import { categories, products, variants } from '../../../src/db/schema.js';
import { createTestApp } from '../../helpers/engine-harness.js';

const example = new URL('../../../docs/catalog-example.csv', import.meta.url).pathname;
async function* bytes(data: Buffer) {
  yield data;
}

describe('CSV import', () => {
  it('imports the documented example file', async () => {
    const app = createTestApp({ seed: false });
    const report = await importCatalog(app.db, await openFeed(example, operatorFeedPolicy(500 * 1024 * 1024)), readCsv);
    expect(report).toMatchObject({ added: 3, rejected: [] });
    const sneakers = app.db.select().from(products).where(eq(products.sku, 'feed:SN-200')).get()!;
    expect(sneakers).toMatchObject({ wholesalePrice: 245000, oldPrice: 299000, params: [{ name: 'Цвет', value: 'Синий' }, { name: 'Материал', value: 'Текстиль' }] });
    expect(sneakers.pictures).toHaveLength(2);
    const tee = app.db.select().from(products).where(eq(products.sku, 'feed:TS-5')).get()!;
    expect(app.db.select().from(variants).where(eq(variants.productId, tee.id)).orderBy(asc(variants.position)).all().map((v) => v.size)).toEqual(['S', 'M', 'L', 'XL']);
    expect(tee.description).toBe('Хлопок 100%; свободный крой');
    const names = app.db.select().from(categories).all().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Обувь', 'Кроссовки', 'Одежда', 'Футболки', 'Аксессуары']));
  });

  it('reads a windows-1251 file with comma delimiters saved by Excel', async () => {
    const app = createTestApp({ seed: false });
    const csv = 'offer_id,category,name,price,stock\nA-1,Шапки,Шапка вязаная,800,2\n';
    const report = await importCatalog(app.db, bytes(iconv.encode(csv, 'win1251')), readCsv);
    expect(report.added).toBe(1);
    expect(app.db.select().from(products).get()!.name).toBe('Шапка вязаная');
  });

  it('rejects bad rows with reasons and refuses a broken file whole', async () => {
    const app = createTestApp({ seed: false });
    const csv = `${readFileSync(example, 'utf8')}X-1;;;Без цены;;;;;;;;\nX-2;;;Отрицательная;;;-5;;;;;\n`;
    const report = await importCatalog(app.db, bytes(Buffer.from(csv)), readCsv);
    expect(report.rejected).toEqual([
      { offerId: 'X-1', reason: 'no-price' },
      { offerId: 'X-2', reason: 'bad-price', detail: '-5' },
    ]);
    const broken = 'offer_id;name;price\nA;"Незакрытая кавычка;100\nB;Норма;200\n';
    const error = await importCatalog(app.db, bytes(Buffer.from(broken)), readCsv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).problem.kind).toBe('csv');
    expect(app.db.select().from(products).all()).toHaveLength(3);
  });
});

import type { Db } from '../../db/client.js';
import { sellableStockSql } from '../../orders/stock-reservations.js';
import { reindexProducts } from '../search-index.js';
import { FeedError, type FeedCategory, type FeedOffer, type FeedSink, type ImportReport, type Rejection } from './feed-types.js';

/** Reads a feed into a sink (YML or CSV). */
export type FeedReader = (source: AsyncIterable<Buffer | string>, sink: FeedSink) => Promise<void>;

// Feed rows are staged in TEMP tables (on disk, per connection) while the feed streams in, so a
// 200 MB feed never sits in memory and a broken one never touches the catalog; the catalog is
// then changed in one short synchronous transaction.
const staging = `
  DROP TABLE IF EXISTS temp.staged_categories;
  DROP TABLE IF EXISTS temp.staged_offers;
  CREATE TEMP TABLE staged_categories (id TEXT PRIMARY KEY, parent_id TEXT, name TEXT NOT NULL, position INTEGER NOT NULL);
  CREATE TEMP TABLE staged_offers (
    offer_id TEXT PRIMARY KEY, source_id TEXT NOT NULL, product_key TEXT NOT NULL, category_id TEXT, name TEXT NOT NULL,
    description TEXT NOT NULL, params TEXT NOT NULL, pictures TEXT NOT NULL, price INTEGER NOT NULL, old_price INTEGER,
    size TEXT, stock INTEGER NOT NULL, position INTEGER NOT NULL
  );
  CREATE INDEX temp.staged_offers_product ON staged_offers (product_key, position);
  CREATE INDEX temp.staged_offers_source ON staged_offers (source_id);
`;

/** Where catalog rows of this import come from: feed category ids and product keys get this prefix. */
const prefix = 'feed:';

/** Past this many changed products one rebuild of the whole search index is quicker than row by row. */
const fullReindexAbove = 5_000;

/**
 * Imports a feed into the master catalog: all or nothing, idempotent. Offers in the feed are added
 * or updated (prices, stock, texts, pictures); products no longer in it are hidden (kept for order
 * history) and their sizes get zero stock. Throws {@link FeedError} when the feed is unusable.
 */
export async function importCatalog(db: Db, source: AsyncIterable<Buffer | string>, read: FeedReader): Promise<ImportReport> {
  const sqlite = db.$client;
  sqlite.exec(staging);
  const rejected: Rejection[] = [];
  let position = 0;
  let categoryPosition = 0;
  const insertCategory = sqlite.prepare('insert or ignore into staged_categories values (?, ?, ?, ?)');
  const insertOffer = sqlite.prepare(
    'insert into staged_offers values (@offerId, @sourceId, @productKey, @categoryId, @name, @description, @params, @pictures, @price, @oldPrice, @size, @stock, @position)',
  );
  const seen = sqlite.prepare('select 1 from staged_offers where source_id = ? limit 1');
  const sink: FeedSink = {
    category(c: FeedCategory) {
      insertCategory.run(c.id, c.parentId ?? null, c.name, categoryPosition++);
    },
    offer(o: FeedOffer) {
      // Duplicates are looked up on disk, not in memory: memory stays flat whatever the feed's size.
      if (seen.get(o.offerId)) {
        rejected.push({ offerId: o.offerId, reason: 'duplicate-id' });
        return;
      }
      const sizes: Array<string | null> = o.sizes.length ? o.sizes : [null];
      for (const size of sizes) {
        insertOffer.run({
          offerId: sizes.length > 1 ? `${o.offerId}:${size}` : o.offerId,
          sourceId: o.offerId,
          productKey: o.productKey,
          categoryId: o.categoryId ?? null,
          name: o.name,
          description: o.description,
          params: JSON.stringify(o.params),
          pictures: JSON.stringify(o.pictures),
          price: o.price,
          oldPrice: o.oldPrice ?? null,
          size,
          stock: o.stock,
          position: position++,
        });
      }
    },
    reject(r) {
      rejected.push(r);
    },
  };
  try {
    // Rows go to TEMP tables without a transaction of ours: a transaction held across the feed's
    // awaits would swallow the buyers' writes made meanwhile on this connection.
    await read(source, sink);
    const staged = (sqlite.prepare('select count(*) as n from staged_offers').get() as { n: number }).n;
    if (staged === 0) throw new FeedError({ kind: 'empty' });
    const { report, searchTextChanged } = db.transaction(() => apply(db, rejected));
    // A periodic sync mostly changes prices and stock: only products whose searchable text
    // changed are reindexed, so an unchanged feed does not hold up every bot for seconds.
    if (searchTextChanged === 'all' || searchTextChanged.length > fullReindexAbove) reindexProducts(db);
    else if (searchTextChanged.length > 0) reindexProducts(db, searchTextChanged);
    return report;
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.staged_categories; DROP TABLE IF EXISTS temp.staged_offers;');
  }
}

interface StagedOffer {
  offer_id: string;
  product_key: string;
  category_id: string | null;
  name: string;
  description: string;
  params: string;
  pictures: string;
  price: number;
  old_price: number | null;
  size: string | null;
  stock: number;
  position: number;
}

/** What an import changed: the report, and the products whose searchable text changed (`all` when a category's name or place did). */
interface Applied {
  report: ImportReport;
  searchTextChanged: number[] | 'all';
}

function apply(db: Db, rejected: Rejection[]): Applied {
  const sqlite = db.$client;
  const categoryShape = () =>
    (sqlite.prepare('select id, name, parent_id from categories order by id').all() as Array<{ id: number; name: string; parent_id: number | null }>)
      .map((c) => `${c.id}\t${c.name}\t${c.parent_id}`)
      .join('\n');
  const categoriesBefore = categoryShape();
  // Categories: upsert, then link parents (a parent may come after its child in the feed).
  const categories = sqlite.prepare('select * from staged_categories').all() as Array<{ id: string; parent_id: string | null; name: string; position: number }>;
  const upsertCategory = sqlite.prepare(
    `insert into categories (external_id, name, position) values (?, ?, ?)
     on conflict (external_id) do update set name = excluded.name, position = excluded.position returning id`,
  );
  const categoryIds = new Map<string, number>();
  for (const c of categories) categoryIds.set(c.id, (upsertCategory.get(prefix + c.id, c.name, c.position) as { id: number }).id);
  const setParent = sqlite.prepare('update categories set parent_id = ? where id = ?');
  for (const c of categories) {
    const parent = c.parent_id ? categoryIds.get(c.parent_id) : undefined;
    // A category that names itself or an unknown parent sits at the top.
    setParent.run(parent !== undefined && parent !== categoryIds.get(c.id) ? parent : null, categoryIds.get(c.id));
  }

  const findProduct = sqlite.prepare('select id, name, description, params, pictures, wholesale_price, old_price, category_id, hidden, price, position from products where sku = ?');
  const insertProduct = sqlite.prepare(
    `insert into products (sku, category_id, name, description, params, pictures, price, old_price, wholesale_price, hidden, position)
     values (?, ?, ?, ?, ?, ?, null, ?, ?, 0, ?) returning id`,
  );
  const updateProduct = sqlite.prepare(
    `update products set category_id = ?, name = ?, description = ?, params = ?, pictures = ?, price = null, old_price = ?, wholesale_price = ?, hidden = 0, position = ? where id = ?`,
  );
  // The feed's count is the warehouse's (feed_stock); what is on sale is that minus the units of
  // orders the warehouse has not yet taken, computed in the same statement (stock-reservations.ts).
  const findVariant = sqlite.prepare('select id, product_id, size, wholesale_price, feed_stock as stock, position from variants where offer_id = ?');
  const insertVariant = sqlite.prepare('insert into variants (product_id, size, offer_id, wholesale_price, stock, feed_stock, position) values (?, ?, ?, ?, ?, ?, ?)');
  const updateVariant = sqlite.prepare(
    `update variants set product_id = ?, size = ?, wholesale_price = ?, feed_stock = ?, stock = ${sellableStockSql('?')}, position = ? where id = ?`,
  );

  let added = 0;
  let updated = 0;
  let unchanged = 0;
  const searchTextChanged: number[] = [];
  // Read in pages: better-sqlite3 cannot write while a query is being iterated on the connection.
  const page = sqlite.prepare(
    'select * from staged_offers where (product_key, position) > (?, ?) order by product_key, position limit 2000',
  );
  function* groups(): Generator<StagedOffer> {
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = page.all(...after) as StagedOffer[];
      if (rows.length === 0) return;
      yield* rows;
      const last = rows.at(-1)!;
      after = [last.product_key, last.position];
    }
  }
  let group: StagedOffer[] = [];
  const flush = () => {
    if (group.length === 0) return;
    const first = group.reduce((a, b) => (a.position <= b.position ? a : b));
    const sku = prefix + first.product_key;
    const wholesale = Math.max(...group.map((o) => o.price));
    const oldPrice = group.map((o) => o.old_price).find((p) => p !== null) ?? null;
    const categoryId = first.category_id ? (categoryIds.get(first.category_id) ?? null) : null;
    const values = [categoryId, first.name, first.description, first.params, first.pictures, oldPrice, wholesale] as const;
    const existing = findProduct.get(sku) as
      | {
          id: number;
          name: string;
          description: string;
          params: string;
          pictures: string;
          wholesale_price: number;
          old_price: number | null;
          category_id: number | null;
          hidden: number;
          price: number | null;
          position: number;
        }
      | undefined;
    let productId: number;
    let changed = false;
    if (!existing) {
      productId = (insertProduct.get(sku, ...values.slice(0, 5), oldPrice, wholesale, first.position) as { id: number }).id;
      added++;
      searchTextChanged.push(productId);
    } else {
      productId = existing.id;
      const textChanged =
        existing.category_id !== categoryId || existing.name !== first.name || existing.description !== first.description || existing.params !== first.params;
      if (textChanged) searchTextChanged.push(productId);
      changed =
        textChanged ||
        existing.pictures !== first.pictures ||
        existing.old_price !== oldPrice ||
        existing.wholesale_price !== wholesale ||
        existing.hidden !== 0 ||
        existing.price !== null;
      // Unchanged rows are not written: a sync of an unchanged feed writes next to nothing.
      if (changed || existing.position !== first.position) updateProduct.run(...values.slice(0, 5), oldPrice, wholesale, first.position, productId);
    }
    group.forEach((o, index) => {
      const variant = findVariant.get(o.offer_id) as { id: number; product_id: number; size: string | null; wholesale_price: number; stock: number; position: number } | undefined;
      if (!variant) {
        insertVariant.run(productId, o.size, o.offer_id, o.price, o.stock, o.stock, index);
        changed = changed || Boolean(existing);
      } else {
        const variantChanged =
          variant.product_id !== productId || variant.size !== o.size || variant.wholesale_price !== o.price || variant.stock !== o.stock || variant.position !== index;
        changed ||= variantChanged;
        if (variantChanged) updateVariant.run(productId, o.size, o.price, o.stock, o.stock, index, variant.id);
      }
    });
    if (existing) {
      if (changed) updated++;
      else unchanged++;
    }
    group = [];
  };
  for (const offer of groups()) {
    if (group.length && group[0]!.product_key !== offer.product_key) flush();
    group.push(offer);
  }
  flush();

  // What the feed no longer has: sizes to zero stock, products hidden; rows stay for order history.
  sqlite.exec(`update variants set stock = 0, feed_stock = 0 where (stock != 0 or feed_stock != 0) and offer_id not in (select offer_id from staged_offers)`);
  const hidden = sqlite
    .prepare(`update products set hidden = 1 where hidden = 0 and sku not in (select '${prefix}' || product_key from staged_offers)`)
    .run().changes;
  return {
    report: { categories: categories.length, added, updated, unchanged, hidden, rejected },
    searchTextChanged: categoryShape() === categoriesBefore ? searchTextChanged : 'all',
  };
}

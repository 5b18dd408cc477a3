import type { Db } from '../../db/client.js';
import { sellableStockSql } from '../../orders/stock-reservations.js';
import { categoryPaths, foldForSearch, reindexProducts } from '../search-index.js';
import { FeedError, type FeedCategory, type FeedOffer, type FeedSink, type ImportReport, type Rejection } from './feed-types.js';

/** Reads a feed into a sink (YML or CSV). */
export type FeedReader = (source: AsyncIterable<Buffer | string>, sink: FeedSink) => Promise<void>;

// Feed rows are staged in TEMP tables (on disk, per connection) while the feed streams in, so a
// 200 MB feed never sits in memory and a broken one never touches the catalog; the catalog is
// then changed in short steps (see ImportPacing).
const staging = `
  DROP TABLE IF EXISTS temp.staged_categories;
  DROP TABLE IF EXISTS temp.staged_offers;
  DROP TABLE IF EXISTS temp.staged_products;
  CREATE TEMP TABLE staged_categories (id TEXT PRIMARY KEY, parent_id TEXT, name TEXT NOT NULL, position INTEGER NOT NULL);
  CREATE TEMP TABLE staged_offers (
    offer_id TEXT PRIMARY KEY, source_id TEXT NOT NULL, product_key TEXT NOT NULL, category_id TEXT, name TEXT NOT NULL,
    description TEXT NOT NULL, params TEXT NOT NULL, pictures TEXT NOT NULL, price INTEGER NOT NULL, old_price INTEGER,
    size TEXT, stock INTEGER NOT NULL, position INTEGER NOT NULL
  );
  CREATE INDEX temp.staged_offers_product ON staged_offers (product_key, position);
  CREATE INDEX temp.staged_offers_source ON staged_offers (source_id);
  CREATE TEMP TABLE staged_products (sku TEXT PRIMARY KEY);
`;

/** Where catalog rows of this import come from: feed category ids and product keys get this prefix. */
const prefix = 'feed:';

/**
 * How an import paces its writes. SQLite has one writer: while a step's transaction is open, the
 * engine's commits wait for it, so the catalog is changed in short steps with a pause between.
 */
export interface ImportPacing {
  /** Runs after each committed step; the next one starts once it settles. */
  between(step: ImportStep): Promise<void>;
  /** Most offers one step writes (a product's sizes are never split between steps). */
  stepOffers: number;
  /** A step ends after the product that takes it past this many milliseconds. */
  stepMs: number;
}

/** A committed step of an import, as {@link ImportPacing.between} is told of it. */
export interface ImportStep {
  phase: 'categories' | 'offers' | 'hide';
  /** Offers written so far (whole products), of `total` staged. */
  offers: number;
  total: number;
  /** How long the step held the write lock, ms (from taking it to the end of its commit). */
  ms: number;
}

/**
 * Steps of up to 250 offers or 5 ms: a buyer's commit that finds a step under way waits at most
 * about that long (plus SQLite's busy-wait granularity). Measured on the benchmark's 100k feed:
 * see docs/benchmarks.md, "event latency during a sync".
 */
export const defaultStepOffers = 250;
export const defaultStepMs = 5;

/** On the main thread (an in-memory database): between steps the loop serves what is waiting. */
const onTheLoop: ImportPacing = {
  between: () => new Promise((resolve) => setImmediate(resolve)),
  stepOffers: defaultStepOffers,
  stepMs: defaultStepMs,
};

/**
 * Imports a feed into the master catalog, idempotent. Offers in the feed are added or updated
 * (prices, stock, texts, pictures); products no longer in it are hidden (kept for order history)
 * and their sizes get zero stock. Throws {@link FeedError} when the feed is unusable, before
 * anything is written.
 *
 * The whole feed is read and checked first; the catalog is then changed in short steps (see
 * {@link ImportPacing}), each a transaction over whole products: a product and all its sizes,
 * prices and search text change together, never half. A crash between steps leaves part of the
 * products synced and the rest as they were (each consistent); the next sync completes it.
 */
export async function importCatalog(db: Db, source: AsyncIterable<Buffer | string>, read: FeedReader, pacing: ImportPacing = onTheLoop): Promise<ImportReport> {
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
    sqlite.exec(`insert into staged_products select distinct '${prefix}' || product_key from staged_offers`);
    return await applyInSteps(db, rejected, staged, pacing);
  } finally {
    sqlite.exec('DROP TABLE IF EXISTS temp.staged_categories; DROP TABLE IF EXISTS temp.staged_offers; DROP TABLE IF EXISTS temp.staged_products;');
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

interface ExistingProduct {
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

/** Products (by id) looked at per step when hiding what left the feed. */
const idWindow = 500;

/**
 * Writes the staged feed into the catalog: categories, then products a step at a time (each
 * product with its sizes and search text in one step), then what left the feed, hidden a window
 * of products at a time. Each step is an `immediate` transaction: it takes the write lock up
 * front, so a step never fails half-way because the engine committed meanwhile.
 */
async function applyInSteps(db: Db, rejected: Rejection[], total: number, pacing: ImportPacing): Promise<ImportReport> {
  const sqlite = db.$client;
  let held = 0;
  const step = <T>(work: () => T): T => {
    // From the lock taken (inside the transaction) to the commit done; waiting for the lock is not holding it.
    let locked = 0;
    const result = sqlite
      .transaction(() => {
        locked = performance.now();
        return work();
      })
      .immediate();
    held = performance.now() - locked;
    return result;
  };
  let offers = 0;
  const between = (phase: ImportStep['phase']) => pacing.between({ phase, offers, total, ms: held });

  // Categories: upsert, then link parents (a parent may come after its child in the feed).
  const categories = sqlite.prepare('select * from staged_categories').all() as Array<{ id: string; parent_id: string | null; name: string; position: number }>;
  const categoryIds = new Map<string, number>();
  step(() => {
    const upsertCategory = sqlite.prepare(
      `insert into categories (external_id, name, position) values (?, ?, ?)
       on conflict (external_id) do update set name = excluded.name, position = excluded.position returning id`,
    );
    for (const c of categories) categoryIds.set(c.id, (upsertCategory.get(prefix + c.id, c.name, c.position) as { id: number }).id);
    const setParent = sqlite.prepare('update categories set parent_id = ? where id = ?');
    for (const c of categories) {
      const parent = c.parent_id ? categoryIds.get(c.parent_id) : undefined;
      // A category that names itself or an unknown parent sits at the top.
      setParent.run(parent !== undefined && parent !== categoryIds.get(c.id) ? parent : null, categoryIds.get(c.id));
    }
  });
  await between('categories');
  // A renamed or moved category changes the searchable path of every product under it. Each
  // product's indexed path is compared with the path now, in the step that writes the product:
  // no pass over the whole index afterwards, which a crash could leave half done for good.
  const pathOf = categoryPaths(db);
  const indexedPath = sqlite.prepare('select category from product_search where rowid = ?').pluck();

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
  // Sizes of a product the feed no longer lists go to zero stock with the rest of the product.
  const zeroDroppedSizes = sqlite.prepare(
    'update variants set stock = 0, feed_stock = 0 where product_id = ? and (stock != 0 or feed_stock != 0) and not exists (select 1 from staged_offers s where s.offer_id = variants.offer_id)',
  );

  let added = 0;
  let updated = 0;
  let unchanged = 0;
  /** Writes one product and its sizes; returns its id when its searchable text changed. */
  const writeProduct = (group: StagedOffer[]): number | undefined => {
    const first = group.reduce((a, b) => (a.position <= b.position ? a : b));
    const sku = prefix + first.product_key;
    const wholesale = Math.max(...group.map((o) => o.price));
    const oldPrice = group.map((o) => o.old_price).find((p) => p !== null) ?? null;
    const categoryId = first.category_id ? (categoryIds.get(first.category_id) ?? null) : null;
    const values = [categoryId, first.name, first.description, first.params, first.pictures] as const;
    const existing = findProduct.get(sku) as ExistingProduct | undefined;
    let productId: number;
    let changed = false;
    let searchTextChanged = false;
    if (!existing) {
      productId = (insertProduct.get(sku, ...values, oldPrice, wholesale, first.position) as { id: number }).id;
      added++;
      searchTextChanged = true;
    } else {
      productId = existing.id;
      searchTextChanged =
        existing.category_id !== categoryId ||
        existing.name !== first.name ||
        existing.description !== first.description ||
        existing.params !== first.params ||
        indexedPath.get(productId) !== foldForSearch(pathOf(categoryId));
      changed =
        searchTextChanged ||
        existing.pictures !== first.pictures ||
        existing.old_price !== oldPrice ||
        existing.wholesale_price !== wholesale ||
        existing.hidden !== 0 ||
        existing.price !== null;
      // Unchanged rows are not written: a sync of an unchanged feed writes next to nothing.
      if (changed || existing.position !== first.position) updateProduct.run(...values, oldPrice, wholesale, first.position, productId);
      zeroDroppedSizes.run(productId);
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
    return searchTextChanged ? productId : undefined;
  };

  // Offers in (product key, position) order, a page at a time: better-sqlite3 cannot write while
  // a query is being iterated on the connection.
  const page = sqlite.prepare('select * from staged_offers where (product_key, position) > (?, ?) order by product_key, position limit ?');
  const wholeGroup = sqlite.prepare('select * from staged_offers where product_key = ? order by position');
  let after: [string, number] = ['', -1];
  for (;;) {
    const done = step(() => {
      // One row past the step tells whether its last product goes on: that product then waits
      // for the next step, unless it is the only one (more sizes than a step takes: written whole).
      const rows = page.all(...after, pacing.stepOffers + 1) as StagedOffer[];
      if (rows.length === 0) return true;
      let cut = rows.length;
      if (rows.length > pacing.stepOffers) {
        const next = rows.at(-1)!.product_key;
        while (cut > 0 && rows[cut - 1]!.product_key === next) cut--;
      }
      const groups: StagedOffer[][] = [];
      if (cut === 0) groups.push(wholeGroup.all(rows[0]!.product_key) as StagedOffer[]);
      else for (const row of rows.slice(0, cut)) {
        if (groups.at(-1)?.[0]?.product_key === row.product_key) groups.at(-1)!.push(row);
        else groups.push([row]);
      }
      const started = performance.now();
      const textChanged: number[] = [];
      for (const group of groups) {
        const id = writeProduct(group);
        if (id !== undefined) textChanged.push(id);
        offers += group.length;
        const last = group.at(-1)!;
        after = [last.product_key, last.position];
        if (performance.now() - started > pacing.stepMs) break;
      }
      // A periodic sync mostly changes prices and stock: only products whose searchable text
      // changed are reindexed, in the step that changed them, so buyers find them as they appear.
      if (textChanged.length > 0) reindexProducts(db, textChanged);
      return false;
    });
    if (done) break;
    await between('offers');
  }

  // What the feed no longer has: the product hidden and its sizes at zero stock, together; rows
  // stay for order history. Looked for outside any transaction (a read holds no lock), a window of
  // products at a time; only a window with something to hide takes a step.
  const gone = sqlite.prepare('select id from products p where id > ? and id <= ? and not exists (select 1 from staged_products s where s.sku = p.sku)').pluck();
  const hide = sqlite.prepare('update products set hidden = 1 where id = ? and hidden = 0');
  const zeroSizes = sqlite.prepare('update variants set stock = 0, feed_stock = 0 where product_id = ? and (stock != 0 or feed_stock != 0)');
  const lastProduct = (sqlite.prepare('select coalesce(max(id), 0) as id from products').get() as { id: number }).id;
  let hidden = 0;
  for (let from = 0; from < lastProduct; from += idWindow) {
    const ids = gone.all(from, from + idWindow) as number[];
    if (ids.length === 0) continue;
    step(() => {
      for (const id of ids) {
        hidden += hide.run(id).changes;
        zeroSizes.run(id);
      }
    });
    await between('hide');
  }

  return { categories: categories.length, added, updated, unchanged, hidden, rejected };
}

import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, products, searchRevision } from '../db/schema.js';

/** The index folds ё to е: unicode61 folds case for Cyrillic but treats the two as different letters. */
export const foldForSearch = (text: string) => text.replaceAll('ё', 'е').replaceAll('Ё', 'Е');

/** The category path (e.g. "Shoes Sneakers" for Shoes / Sneakers) the search index holds for a product in category `id`, as of now. */
export function categoryPaths(db: Db): (id: number | null) => string {
  const names = new Map<number, { name: string; parentId: number | null }>();
  for (const c of db.select().from(categories).all()) {
    names.set(c.id, { name: c.name, parentId: c.parentId });
  }
  return (id) => {
    const parts: string[] = [];
    const seen = new Set<number>();
    for (let at = id; at != null && !seen.has(at); at = names.get(at)?.parentId ?? null) {
      seen.add(at);
      const node = names.get(at);
      if (node) parts.unshift(node.name);
    }
    return parts.join(' ');
  };
}

/**
 * Rebuilds the full-text search rows (name, category path, parameter values, description) of the
 * master catalog, or of the given products only. Call it after catalog writes.
 */
export function reindexProducts(db: Db, productIds?: number[]): void {
  const path = categoryPaths(db);
  const rows = db
    .select({ id: products.id, name: products.name, description: products.description, params: products.params, categoryId: products.categoryId })
    .from(products)
    .where(productIds ? inArray(products.id, productIds) : undefined)
    .all();
  const remove = db.$client.prepare('delete from product_search where rowid = ?');
  const insert = db.$client.prepare('insert into product_search (rowid, name, category, params, description) values (?, ?, ?, ?, ?)');
  db.transaction(() => {
    // Searches kept by the engine were ranked on the old text.
    db.update(searchRevision).set({ revision: sql`random()` }).where(eq(searchRevision.id, 1)).run();
    for (const p of rows) {
      remove.run(p.id);
      insert.run(
        p.id,
        foldForSearch(p.name),
        foldForSearch(path(p.categoryId)),
        foldForSearch(p.params.map((x) => x.value).join(' ')),
        foldForSearch(p.description),
      );
    }
  });
}

/** Rebuilds the search index when it is missing rows (a database from before the index existed). */
export function ensureSearchIndex(db: Db): void {
  const indexed = (db.$client.prepare('select count(*) as n from product_search').get() as { n: number }).n;
  const total = (db.$client.prepare('select count(*) as n from products').get() as { n: number }).n;
  if (indexed !== total) reindexProducts(db);
}

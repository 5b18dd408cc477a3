import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, products } from '../db/schema.js';

/** The index folds ё to е: unicode61 folds case for Cyrillic but treats the two as different letters. */
export const foldForSearch = (text: string) => text.replaceAll('ё', 'е').replaceAll('Ё', 'Е');

/**
 * Rebuilds the full-text search rows (name, category path, parameter values, description) of a
 * storefront's products, or of the given products only. Call it after catalog writes.
 */
export function reindexProducts(db: Db, storefrontId: number, productIds?: number[]): void {
  const names = new Map<number, { name: string; parentId: number | null }>();
  for (const c of db.select().from(categories).where(eq(categories.storefrontId, storefrontId)).all()) {
    names.set(c.id, { name: c.name, parentId: c.parentId });
  }
  const path = (id: number | null): string => {
    const parts: string[] = [];
    const seen = new Set<number>();
    for (let at = id; at != null && !seen.has(at); at = names.get(at)?.parentId ?? null) {
      seen.add(at);
      const node = names.get(at);
      if (node) parts.unshift(node.name);
    }
    return parts.join(' ');
  };
  const rows = db
    .select({ id: products.id, name: products.name, description: products.description, params: products.params, categoryId: products.categoryId })
    .from(products)
    .where(productIds ? inArray(products.id, productIds) : eq(products.storefrontId, storefrontId))
    .all();
  const remove = db.$client.prepare('delete from product_search where rowid = ?');
  const insert = db.$client.prepare('insert into product_search (rowid, name, category, params, description) values (?, ?, ?, ?, ?)');
  db.transaction(() => {
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

import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { categories, products, variants } from '../../db/schema.js';
import { sellableStockSql } from '../../orders/stock-reservations.js';
import { reindexProducts } from '../search-index.js';

const demoSchema = z.object({
  categories: z.array(z.object({ key: z.string(), name: z.string(), parent: z.string().nullable() })),
  products: z.array(
    z.object({
      sku: z.string(),
      category: z.string(),
      name: z.string(),
      description: z.string(),
      params: z.array(z.object({ name: z.string(), value: z.string() })),
      price: z.number().int().positive(),
      oldPrice: z.number().int().positive().nullable(),
      pictures: z.array(z.string()),
      variants: z.array(
        z.object({
          size: z.string().nullable(),
          stock: z.number().int().min(0),
          offerId: z.string(),
          wholesalePrice: z.number().int().positive(),
        }),
      ),
    }),
  ),
});

/** The demo catalog as shipped in `demo-catalog.json`. */
export type DemoCatalog = z.infer<typeof demoSchema>;

/** Reads the bundled demo catalog: clothing, shoes and accessories with sizes, stock and old prices. */
export function loadDemoCatalog(): DemoCatalog {
  const file = new URL('./demo-catalog.json', import.meta.url);
  return demoSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** How many rows a seeding touched. */
export interface SeedReport {
  categories: number;
  products: number;
  variants: number;
}

/**
 * Loads the demo catalog into the master catalog, which every storefront offers. Idempotent:
 * categories, products and sizes are matched by their keys, so running it again restores demo
 * prices and stock without duplicates. Its prices are the recommended retail prices.
 */
export function seedDemoCatalog(db: Db, catalog: DemoCatalog = loadDemoCatalog()): SeedReport {
  const report = upsertDemo(db, catalog);
  reindexProducts(db);
  return report;
}

function upsertDemo(db: Db, catalog: DemoCatalog): SeedReport {
  return db.transaction((tx) => {
    const categoryIds = new Map<string, number>();
    catalog.categories.forEach((c, position) => {
      const parentId = c.parent ? categoryIds.get(c.parent) : null;
      if (parentId === undefined) throw new Error(`demo category ${c.key} comes before its parent ${c.parent}`);
      const row = tx
        .insert(categories)
        .values({ externalId: `demo:${c.key}`, name: c.name, parentId, position })
        .onConflictDoUpdate({
          target: categories.externalId,
          set: { name: c.name, parentId, position },
        })
        .returning({ id: categories.id })
        .get();
      categoryIds.set(c.key, row.id);
    });
    let variantCount = 0;
    catalog.products.forEach((p, position) => {
      const categoryId = categoryIds.get(p.category);
      if (categoryId === undefined) throw new Error(`demo product ${p.sku} is in unknown category ${p.category}`);
      const values = {
        categoryId,
        name: p.name,
        description: p.description,
        params: p.params,
        pictures: p.pictures,
        price: p.price,
        oldPrice: p.oldPrice,
        wholesalePrice: Math.max(...p.variants.map((v) => v.wholesalePrice)),
        hidden: false,
        position,
      };
      const product = tx
        .insert(products)
        .values({ sku: p.sku, ...values })
        .onConflictDoUpdate({ target: products.sku, set: values })
        .returning({ id: products.id })
        .get();
      p.variants.forEach((v, vPosition) => {
        const vValues = { productId: product.id, size: v.size, feedStock: v.stock, wholesalePrice: v.wholesalePrice, position: vPosition };
        // Seeded again, the demo's count is the warehouse's: units of open orders stay held.
        tx.insert(variants)
          .values({ offerId: v.offerId, stock: v.stock, ...vValues })
          .onConflictDoUpdate({ target: variants.offerId, set: { ...vValues, stock: sql.raw(sellableStockSql('excluded.feed_stock')) } })
          .run();
        variantCount++;
      });
    });
    return { categories: catalog.categories.length, products: catalog.products.length, variants: variantCount };
  });
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, franchiseSettings, products, storefrontCategories, storefrontProducts, variants } from '../db/schema.js';
import type { FeedFetchPolicy } from './import/feed-fetch-guard.js';
import { importFeed } from './import/feed-import.js';
import type { ImportReport } from './import/feed-types.js';
import { minimumRetail, retailPriceSql } from './pricing.js';

/** The franchisor's price rules: markups over wholesale, in percent. */
export interface PriceRules {
  recommendedMarkupPercent: number;
  minMarkupPercent: number;
}

/** A storefront's own take on a master-catalog product (its row in `storefront_products`). */
export type ProductOverrideRow = typeof storefrontProducts.$inferSelect;

/** What a storefront may change about a master-catalog product; `null` returns to the master catalog's. */
export type ProductOverride = Partial<Pick<ProductOverrideRow, 'hidden' | 'bestseller' | 'price' | 'photo' | 'description'>>;

/** A master-catalog product as a storefront's staff see it: that storefront's state of it, price bounds, stock per size. */
export interface StaffProduct {
  product: typeof products.$inferSelect;
  /** Retail price in the storefront. */
  price: number;
  /** The storefront's own settings for the product, if it has any. */
  own?: ProductOverrideRow;
  sizes: Array<typeof variants.$inferSelect>;
  /** The lowest retail price the franchisor allows for it. */
  minimum: number;
}

/** A product found for staff. */
export interface FoundProduct {
  id: number;
  name: string;
  sku: string;
}

/** A master-catalog category and whether one storefront hides it. */
export interface StaffCategory {
  id: number;
  parentId: number | null;
  name: string;
  hidden: boolean;
}

/**
 * The staff's side of the catalog: the master catalog with hidden products included, and what a
 * storefront changes in it (hidden products and categories, own prices, photos, descriptions,
 * bestsellers); for the franchisor, the price rules and feed imports.
 */
export interface CatalogAdmin {
  /** The franchisor's current price rules. */
  priceRules(): PriceRules;
  /** Sets the franchisor's price rules for every storefront. */
  setPriceRules(rules: PriceRules): void;
  /** One product as `storefrontId`'s staff see it, or undefined when there is no such product. */
  product(storefrontId: number, productId: number): StaffProduct | undefined;
  /** Up to eight products whose id is `words` or whose name or SKU contains it, hidden ones included, by name. */
  find(words: string): FoundProduct[];
  /** Changes the storefront's own settings of a product (only the fields given). */
  override(storefrontId: number, productId: number, changes: ProductOverride): void;
  /** Every category in catalog order, with whether the storefront hides it. */
  categories(storefrontId: number): StaffCategory[];
  /** Hides or shows a category (and so its subcategories) in the storefront; undefined when there is no such category. */
  setCategoryHidden(storefrontId: number, categoryId: number, hidden: boolean): { name: string } | undefined;
  /** Imports the warehouse feed at `location` under `policy`. */
  importFeed(location: string, policy: FeedFetchPolicy): Promise<ImportReport>;
}

/** Creates the catalog's staff side. */
export function createCatalogAdmin(db: Db): CatalogAdmin {
  const priceRules = (): PriceRules => db.select().from(franchiseSettings).get()!;
  return {
    priceRules,
    setPriceRules({ recommendedMarkupPercent, minMarkupPercent }) {
      db.update(franchiseSettings).set({ recommendedMarkupPercent, minMarkupPercent }).run();
    },
    product(storefrontId, productId) {
      const found = db.select({ product: products, price: retailPriceSql(storefrontId) }).from(products).where(eq(products.id, productId)).get();
      if (!found) return undefined;
      const own = db
        .select()
        .from(storefrontProducts)
        .where(and(eq(storefrontProducts.storefrontId, storefrontId), eq(storefrontProducts.productId, productId)))
        .get();
      const sizes = db.select().from(variants).where(eq(variants.productId, productId)).orderBy(asc(variants.position)).all();
      return { ...found, own, sizes, minimum: minimumRetail(found.product.wholesalePrice, priceRules().minMarkupPercent) };
    },
    find(words) {
      const like = `%${words.replace(/[%_]/g, '')}%`;
      const idMatch = /^\d+$/.test(words) ? Number(words) : -1;
      return db
        .select({ id: products.id, name: products.name, sku: products.sku })
        .from(products)
        .where(sql`${products.id} = ${idMatch} or ${products.name} like ${like} or ${products.sku} like ${like}`)
        .orderBy(asc(products.name))
        .limit(8)
        .all();
    },
    override(storefrontId, productId, changes) {
      db.insert(storefrontProducts)
        .values({ storefrontId, productId, ...changes })
        .onConflictDoUpdate({ target: [storefrontProducts.storefrontId, storefrontProducts.productId], set: changes })
        .run();
    },
    categories(storefrontId) {
      const hidden = new Set(
        db
          .select({ id: storefrontCategories.categoryId })
          .from(storefrontCategories)
          .where(and(eq(storefrontCategories.storefrontId, storefrontId), eq(storefrontCategories.hidden, true)))
          .all()
          .map((r) => r.id),
      );
      return db
        .select()
        .from(categories)
        .orderBy(asc(categories.position))
        .all()
        .map((c) => ({ id: c.id, parentId: c.parentId, name: c.name, hidden: hidden.has(c.id) }));
    },
    setCategoryHidden(storefrontId, categoryId, hidden) {
      const category = db.select().from(categories).where(eq(categories.id, categoryId)).get();
      if (!category) return undefined;
      db.insert(storefrontCategories)
        .values({ storefrontId, categoryId, hidden })
        .onConflictDoUpdate({ target: [storefrontCategories.storefrontId, storefrontCategories.categoryId], set: { hidden } })
        .run();
      return { name: category.name };
    },
    importFeed: (location, policy) => importFeed(db, location, policy),
  };
}

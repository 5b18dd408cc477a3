import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, products, variants } from '../db/schema.js';
import { buildSearchQueries } from './search-query.js';

/** A category with how many visible products its whole subtree holds. */
export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  productCount: number;
}

/** A product as a line in a list. */
export interface ProductSummary {
  id: number;
  name: string;
  price: number;
  oldPrice: number | null;
  inStock: boolean;
}

/** A product with everything its card shows. */
export type ProductCard = typeof products.$inferSelect & {
  variants: Array<typeof variants.$inferSelect>;
};

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Read access to a storefront's catalog, as buyers see it (hidden products left out). */
export interface CatalogService {
  /** A category by id, or undefined when it does not exist in this storefront. */
  category(storefrontId: number, id: number): CategoryNode | undefined;
  /** Child categories (of the root when `parentId` is null) that have something to show. */
  childCategories(storefrontId: number, parentId: number | null): CategoryNode[];
  /** Visible products placed directly in a category (null: products with no category), in stock first. */
  productsIn(storefrontId: number, categoryId: number | null, offset: number, limit: number): Page<ProductSummary>;
  /** A visible product with its sizes, or undefined when it is gone or hidden. */
  product(storefrontId: number, id: number): ProductCard | undefined;
  /** A size of a product of this storefront, hidden or not. */
  variant(storefrontId: number, id: number): typeof variants.$inferSelect | undefined;
  /** Full-text search over names and descriptions. */
  search(storefrontId: number, query: string, offset: number, limit: number): Page<ProductSummary>;
}

const summaryColumns = {
  id: products.id,
  name: products.name,
  price: products.price,
  oldPrice: products.oldPrice,
  // Spelled out: drizzle would render the outer column unqualified, and "id" would bind to v.id.
  inStock: sql<number>`exists (select 1 from "variants" v where v.product_id = "products"."id" and v.stock > 0)`,
};

function toSummary(row: { id: number; name: string; price: number; oldPrice: number | null; inStock: number }): ProductSummary {
  return { ...row, inStock: row.inStock === 1 };
}

/** Creates the catalog service over a database. */
export function createCatalogService(db: Db): CatalogService {
  function tree(storefrontId: number): Map<number, CategoryNode> {
    const rows = db
      .select({ id: categories.id, parentId: categories.parentId, name: categories.name })
      .from(categories)
      .where(eq(categories.storefrontId, storefrontId))
      .orderBy(asc(categories.position), asc(categories.id))
      .all();
    const direct = db
      .select({ categoryId: products.categoryId, n: sql<number>`count(*)` })
      .from(products)
      .where(and(eq(products.storefrontId, storefrontId), eq(products.hidden, false)))
      .groupBy(products.categoryId)
      .all();
    const nodes = new Map(rows.map((r) => [r.id, { ...r, productCount: 0 }]));
    for (const { categoryId, n } of direct) {
      // Walk up the tree so a parent counts its subcategories' products; `seen` guards against cycles in feeds.
      const seen = new Set<number>();
      for (let id = categoryId; id != null && !seen.has(id); id = nodes.get(id)?.parentId ?? null) {
        seen.add(id);
        const node = nodes.get(id);
        if (node) node.productCount += n;
      }
    }
    return nodes;
  }

  function summaries(where: ReturnType<typeof and>, offset: number, limit: number): Page<ProductSummary> {
    const total = db.select({ n: sql<number>`count(*)` }).from(products).where(where).get()?.n ?? 0;
    const items = db
      .select(summaryColumns)
      .from(products)
      .where(where)
      .orderBy(sql`${summaryColumns.inStock} desc`, asc(products.position), asc(products.id))
      .limit(limit)
      .offset(offset)
      .all()
      .map(toSummary);
    return { items, total };
  }

  return {
    category(storefrontId, id) {
      return tree(storefrontId).get(id);
    },

    childCategories(storefrontId, parentId) {
      return [...tree(storefrontId).values()].filter((c) => c.parentId === parentId && c.productCount > 0);
    },

    productsIn(storefrontId, categoryId, offset, limit) {
      const inCategory = categoryId == null ? sql`${products.categoryId} is null` : eq(products.categoryId, categoryId);
      return summaries(and(eq(products.storefrontId, storefrontId), eq(products.hidden, false), inCategory), offset, limit);
    },

    product(storefrontId, id) {
      const product = db
        .select()
        .from(products)
        .where(and(eq(products.id, id), eq(products.storefrontId, storefrontId), eq(products.hidden, false)))
        .get();
      if (!product) return undefined;
      const sizes = db
        .select()
        .from(variants)
        .where(eq(variants.productId, id))
        .orderBy(asc(variants.position), asc(variants.id))
        .all();
      return { ...product, variants: sizes };
    },

    variant(storefrontId, id) {
      return db
        .select()
        .from(variants)
        .where(and(eq(variants.id, id), eq(variants.storefrontId, storefrontId)))
        .get();
    },

    search(storefrontId, query, offset, limit) {
      // All words first; if that finds nothing, any word, best matches first.
      for (const match of buildSearchQueries(query)) {
        const ids = db.$client
          .prepare('select rowid as id from product_search where product_search match ? order by bm25(product_search, 10.0, 4.0, 2.0, 1.0) limit 500')
          .all(match) as Array<{ id: number }>;
        if (ids.length === 0) continue;
        const rank = new Map(ids.map((r, i) => [r.id, i]));
        const visible = db
          .select(summaryColumns)
          .from(products)
          .where(and(eq(products.storefrontId, storefrontId), eq(products.hidden, false), inArray(products.id, [...rank.keys()])))
          .all()
          .map(toSummary)
          .sort((a, b) => Number(b.inStock) - Number(a.inStock) || rank.get(a.id)! - rank.get(b.id)!);
        if (visible.length > 0) return { items: visible.slice(offset, offset + limit), total: visible.length };
      }
      return { items: [], total: 0 };
    },
  };
}

import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, products, storefrontCategories, storefrontProducts, variants } from '../db/schema.js';
import { oldPriceSql, retailPriceSql } from './pricing.js';
import { buildSearchQueries } from './search-query.js';

/** A category with how many products of a storefront its whole subtree shows. */
export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  productCount: number;
}

/** A product as a line in a list, at the storefront's retail price. */
export interface ProductSummary {
  id: number;
  name: string;
  price: number;
  oldPrice: number | null;
  inStock: boolean;
}

/** A product with everything its card shows, as the storefront presents it. */
export type ProductCard = Omit<typeof products.$inferSelect, 'price'> & {
  /** Retail price in this storefront. */
  price: number;
  variants: Array<typeof variants.$inferSelect>;
};

/** One page of a listing. */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * A storefront's view of the franchisor's master catalog: what it shows (not withdrawn, not
 * hidden by the franchisee, not in a hidden category) at its retail prices, bestsellers first.
 */
export interface CatalogService {
  /** A category by id, or undefined when it does not exist or the storefront hides it. */
  category(storefrontId: number, id: number): CategoryNode | undefined;
  /** Child categories (of the root when `parentId` is null) that have something to show. */
  childCategories(storefrontId: number, parentId: number | null): CategoryNode[];
  /** Products shown directly in a category (null: products with no category), bestsellers and in-stock first. */
  productsIn(storefrontId: number, categoryId: number | null, offset: number, limit: number): Page<ProductSummary>;
  /** A product the storefront shows, with its sizes, or undefined when it is gone or hidden. */
  product(storefrontId: number, id: number): ProductCard | undefined;
  /** A size of a product, shown or not. */
  variant(storefrontId: number, id: number): typeof variants.$inferSelect | undefined;
  /** Which of these products the storefront shows now. */
  shown(storefrontId: number, productIds: number[]): Set<number>;
  /** Full-text search over names, categories, parameters and descriptions. */
  search(storefrontId: number, query: string, offset: number, limit: number): Page<ProductSummary>;
}

/** Creates the catalog service over a database. */
export function createCatalogService(db: Db): CatalogService {
  /** The category tree with the storefront's hidden categories (and everything under them) left out. */
  function tree(storefrontId: number): { nodes: Map<number, CategoryNode>; hidden: number[] } {
    const rows = db
      .select({ id: categories.id, parentId: categories.parentId, name: categories.name })
      .from(categories)
      .orderBy(asc(categories.position), asc(categories.id))
      .all();
    const hiddenRoots = new Set(
      db
        .select({ id: storefrontCategories.categoryId })
        .from(storefrontCategories)
        .where(and(eq(storefrontCategories.storefrontId, storefrontId), eq(storefrontCategories.hidden, true)))
        .all()
        .map((r) => r.id),
    );
    const parents = new Map(rows.map((r) => [r.id, r.parentId]));
    const isHidden = (id: number) => {
      // `seen` guards against cycles in a feed's parentId chain.
      const seen = new Set<number>();
      for (let at: number | null | undefined = id; at != null && !seen.has(at); at = parents.get(at)) {
        if (hiddenRoots.has(at)) return true;
        seen.add(at);
      }
      return false;
    };
    const hidden = rows.filter((r) => isHidden(r.id)).map((r) => r.id);
    const hiddenSet = new Set(hidden);
    const nodes = new Map(rows.filter((r) => !hiddenSet.has(r.id)).map((r) => [r.id, { ...r, productCount: 0 }]));
    const direct = db
      .select({ categoryId: products.categoryId, n: sql<number>`count(*)` })
      .from(products)
      .where(visible(storefrontId, hidden))
      .groupBy(products.categoryId)
      .all();
    for (const { categoryId, n } of direct) {
      const seen = new Set<number>();
      for (let id = categoryId; id != null && !seen.has(id); id = nodes.get(id)?.parentId ?? null) {
        seen.add(id);
        const node = nodes.get(id);
        if (node) node.productCount += n;
      }
    }
    return { nodes, hidden };
  }

  function visible(storefrontId: number, hiddenCategories: number[]): SQL {
    return and(
      eq(products.hidden, false),
      sql`not exists (select 1 from "storefront_products" sp where sp.storefront_id = ${storefrontId} and sp.product_id = "products"."id" and sp.hidden = 1)`,
      hiddenCategories.length
        ? sql`("products"."category_id" is null or "products"."category_id" not in (${sql.join(hiddenCategories.map((id) => sql`${id}`), sql`, `)}))`
        : undefined,
    )!;
  }

  function summaryColumns(storefrontId: number) {
    return {
      id: products.id,
      name: products.name,
      price: retailPriceSql(storefrontId),
      oldPrice: oldPriceSql(storefrontId),
      // Spelled out: drizzle would render the outer column unqualified, and "id" would bind to v.id.
      inStock: sql<number>`exists (select 1 from "variants" v where v.product_id = "products"."id" and v.stock > 0)`,
      bestseller: sql<number>`coalesce((select sp.bestseller from "storefront_products" sp where sp.storefront_id = ${storefrontId} and sp.product_id = "products"."id"), 0)`,
    };
  }

  function toSummary(row: { id: number; name: string; price: number; oldPrice: number | null; inStock: number }): ProductSummary {
    return {
      id: row.id,
      name: row.name,
      price: row.price,
      oldPrice: row.oldPrice !== null && row.oldPrice > row.price ? row.oldPrice : null,
      inStock: row.inStock === 1,
    };
  }

  function visibleProduct(storefrontId: number, id: number) {
    const { hidden } = tree(storefrontId);
    return db
      .select({ product: products, price: retailPriceSql(storefrontId), oldPrice: oldPriceSql(storefrontId) })
      .from(products)
      .where(and(eq(products.id, id), visible(storefrontId, hidden)))
      .get();
  }

  return {
    category(storefrontId, id) {
      return tree(storefrontId).nodes.get(id);
    },

    childCategories(storefrontId, parentId) {
      return [...tree(storefrontId).nodes.values()].filter((c) => c.parentId === parentId && c.productCount > 0);
    },

    productsIn(storefrontId, categoryId, offset, limit) {
      const { hidden } = tree(storefrontId);
      const inCategory = categoryId == null ? sql`${products.categoryId} is null` : eq(products.categoryId, categoryId);
      const where = and(visible(storefrontId, hidden), inCategory);
      const total = db.select({ n: sql<number>`count(*)` }).from(products).where(where).get()?.n ?? 0;
      const columns = summaryColumns(storefrontId);
      const items = db
        .select(columns)
        .from(products)
        .where(where)
        .orderBy(sql`${columns.bestseller} desc`, sql`${columns.inStock} desc`, asc(products.position), asc(products.id))
        .limit(limit)
        .offset(offset)
        .all()
        .map(toSummary);
      return { items, total };
    },

    product(storefrontId, id) {
      const row = visibleProduct(storefrontId, id);
      if (!row) return undefined;
      const own = db
        .select()
        .from(storefrontProducts)
        .where(and(eq(storefrontProducts.storefrontId, storefrontId), eq(storefrontProducts.productId, id)))
        .get();
      const sizes = db.select().from(variants).where(eq(variants.productId, id)).orderBy(asc(variants.position), asc(variants.id)).all();
      return {
        ...row.product,
        price: row.price,
        oldPrice: row.oldPrice !== null && row.oldPrice > row.price ? row.oldPrice : null,
        description: own?.description ?? row.product.description,
        pictures: own?.photo ? [own.photo, ...row.product.pictures] : row.product.pictures,
        variants: sizes,
      };
    },

    shown(storefrontId, productIds) {
      if (productIds.length === 0) return new Set();
      const { hidden } = tree(storefrontId);
      const rows = db
        .select({ id: products.id })
        .from(products)
        .where(and(inArray(products.id, productIds), visible(storefrontId, hidden)))
        .all();
      return new Set(rows.map((r) => r.id));
    },

    variant(_storefrontId, id) {
      return db.select().from(variants).where(eq(variants.id, id)).get();
    },

    search(storefrontId, query, offset, limit) {
      const { hidden } = tree(storefrontId);
      // All words first; if that finds nothing, any word, best matches first.
      for (const match of buildSearchQueries(query)) {
        const ids = db.$client
          .prepare('select rowid as id from product_search where product_search match ? order by bm25(product_search, 10.0, 4.0, 2.0, 1.0) limit 500')
          .all(match) as Array<{ id: number }>;
        if (ids.length === 0) continue;
        const rank = new Map(ids.map((r, i) => [r.id, i]));
        const visibleRows = db
          .select(summaryColumns(storefrontId))
          .from(products)
          .where(and(visible(storefrontId, hidden), inArray(products.id, [...rank.keys()])))
          .all()
          .map(toSummary)
          .sort((a, b) => Number(b.inStock) - Number(a.inStock) || rank.get(a.id)! - rank.get(b.id)!);
        if (visibleRows.length > 0) return { items: visibleRows.slice(offset, offset + limit), total: visibleRows.length };
      }
      return { items: [], total: 0 };
    },
  };
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { catalogRevision, categories, listRevisions, products, storefrontCategories, storefrontProducts, variants } from '../db/schema.js';
import { inStock, storefrontParam as sf, visible } from './catalog-sql.js';
import { oldPriceSql, retailPriceSql } from './pricing.js';
import { createFindHits, createSearchRevision, type SearchHits, type SearchRequest } from './search-hits.js';

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
  /** A search as another connection (the search worker) can run it: the storefront's scope included. */
  searchRequest(storefrontId: number, query: string, offset: number, limit: number): SearchRequest;
  /** Runs a search request on this connection: the page's products and the revision they were found at. */
  findHits(request: SearchRequest): SearchHits;
  /** The search revision now: hits found at another one may be out of date. */
  searchRevision(): number;
  /** A search's page as the buyer sees it: the found products that are still shown, priced for the storefront. */
  searchPage(storefrontId: number, hits: SearchHits): Page<ProductSummary>;
}

/** What a storefront hides, and its category tree with counts once asked for, as of one catalog revision. */
interface StorefrontView {
  revision: number;
  /** Categories the storefront hides, directly or under a hidden parent, as a JSON array for `json_each`. */
  hiddenJson: string;
  nodes?: Map<number, CategoryNode>;
  /** Products each category shows itself (not its subcategories); the key null is "no category". */
  direct?: Map<number | null, number>;
  /** The first products of each list opened, in list order, with the list's revision when sorted. */
  heads: Map<number | null, { revision: number; ids: number[] }>;
}

// Buyers rarely page further than this; later pages are sorted by SQLite each time.
const cachedListHead = 40;

const idsJson = sql.placeholder('idsJson');

const bestseller = sql<number>`coalesce((select sp.bestseller from "storefront_products" sp where sp.storefront_id = ${sf} and sp.product_id = "products"."id"), 0)`;
const inIds = sql`"products"."id" in (select value from json_each(${idsJson}))`;

/**
 * Creates the catalog service over a database. Its statements are prepared once, and each
 * storefront's hidden categories and tree are kept until `catalog_revision` changes, because
 * recounting the products of every category cost more than everything else an event does.
 */
export function createCatalogService(db: Db): CatalogService {
  const revisionNow = db
    .select({ revision: catalogRevision.revision })
    .from(catalogRevision)
    .where(eq(catalogRevision.id, 1))
    .prepare();
  const listRevisionNow = db
    .select({ revision: listRevisions.revision })
    .from(listRevisions)
    .where(eq(listRevisions.list, sql.placeholder('list')))
    .prepare();
  const allCategories = db
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.position), asc(categories.id))
    .prepare();
  const hiddenRootsOf = db
    .select({ id: storefrontCategories.categoryId })
    .from(storefrontCategories)
    .where(and(eq(storefrontCategories.storefrontId, sf), eq(storefrontCategories.hidden, true)))
    .prepare();
  const countsByCategory = db
    .select({ categoryId: products.categoryId, n: sql<number>`count(*)` })
    .from(products)
    .where(visible)
    .groupBy(products.categoryId)
    .prepare();
  // `is` matches null too, so one statement serves "no category".
  const inCategory = sql`"products"."category_id" is ${sql.placeholder('categoryId')}`;
  const pageIn = db
    .select({ id: products.id })
    .from(products)
    .where(and(visible, inCategory))
    .orderBy(sql`${bestseller} desc`, sql`${inStock} desc`, asc(products.position), asc(products.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare();
  const summaries = db
    .select({ id: products.id, name: products.name, price: retailPriceSql(sf), oldPrice: oldPriceSql(sf), inStock })
    .from(products)
    .where(inIds)
    .prepare();
  const visibleProductById = db
    .select({ product: products, price: retailPriceSql(sf), oldPrice: oldPriceSql(sf) })
    .from(products)
    .where(and(eq(products.id, sql.placeholder('id')), visible))
    .prepare();
  const ownProduct = db
    .select()
    .from(storefrontProducts)
    .where(and(eq(storefrontProducts.storefrontId, sf), eq(storefrontProducts.productId, sql.placeholder('id'))))
    .prepare();
  const sizesOf = db
    .select()
    .from(variants)
    .where(eq(variants.productId, sql.placeholder('id')))
    .orderBy(asc(variants.position), asc(variants.id))
    .prepare();
  const variantById = db.select().from(variants).where(eq(variants.id, sql.placeholder('id'))).prepare();
  const visibleAmong = db.select({ id: products.id }).from(products).where(and(inIds, visible)).prepare();
  const findHits = createFindHits(db);
  const searchRevision = createSearchRevision(db);

  let categoriesCache: { revision: number; rows: Array<{ id: number; parentId: number | null; name: string }> } | undefined;
  const views = new Map<number, StorefrontView>();

  /** The storefront's view as of now: reused while the catalog revision stays the same. */
  function view(storefrontId: number): StorefrontView {
    const revision = revisionNow.get()?.revision ?? 0;
    const cached = views.get(storefrontId);
    if (cached?.revision === revision) return cached;
    if (categoriesCache?.revision !== revision) categoriesCache = { revision, rows: allCategories.all() };
    const rows = categoriesCache.rows;
    const hiddenRoots = new Set(hiddenRootsOf.all({ storefrontId }).map((r) => r.id));
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
    const fresh: StorefrontView = {
      revision,
      hiddenJson: JSON.stringify(hiddenRoots.size ? rows.filter((r) => isHidden(r.id)).map((r) => r.id) : []),
      heads: new Map(),
    };
    views.set(storefrontId, fresh);
    return fresh;
  }

  function scope(storefrontId: number) {
    return { storefrontId, hiddenJson: view(storefrontId).hiddenJson };
  }

  /** The category tree without hidden categories, each with the products its whole subtree shows. */
  function tree(storefrontId: number): Map<number, CategoryNode> {
    const current = view(storefrontId);
    if (current.nodes) return current.nodes;
    const hidden = new Set(JSON.parse(current.hiddenJson) as number[]);
    const nodes = new Map(categoriesCache!.rows.filter((r) => !hidden.has(r.id)).map((r) => [r.id, { ...r, productCount: 0 }]));
    const direct = new Map<number | null, number>();
    for (const { categoryId, n } of countsByCategory.all(scope(storefrontId))) {
      direct.set(categoryId, n);
      const seen = new Set<number>();
      for (let id = categoryId; id != null && !seen.has(id); id = nodes.get(id)?.parentId ?? null) {
        seen.add(id);
        const node = nodes.get(id);
        if (node) node.productCount += n;
      }
    }
    current.nodes = nodes;
    current.direct = direct;
    return nodes;
  }

  /** The ids of one list's page: the list's head is sorted once per list revision, pages past it each time. */
  function pageIds(storefrontId: number, categoryId: number | null, offset: number, limit: number): number[] {
    if (offset + limit > cachedListHead) return pageIn.all({ ...scope(storefrontId), categoryId, offset, limit }).map((r) => r.id);
    const { heads } = view(storefrontId);
    const revision = listRevisionNow.get({ list: categoryId ?? -1 })?.revision ?? 0;
    let head = heads.get(categoryId);
    if (head?.revision !== revision) {
      head = { revision, ids: pageIn.all({ ...scope(storefrontId), categoryId, offset: 0, limit: cachedListHead }).map((r) => r.id) };
      heads.set(categoryId, head);
    }
    return head.ids.slice(offset, offset + limit);
  }

  /** Summaries of these products in this order, priced for the storefront (only the rows shown get priced). */
  function summariesOf(storefrontId: number, ids: number[]): ProductSummary[] {
    if (ids.length === 0) return [];
    const byId = new Map(summaries.all({ storefrontId, idsJson: JSON.stringify(ids) }).map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return [
        {
          id: row.id,
          name: row.name,
          price: row.price,
          oldPrice: row.oldPrice !== null && row.oldPrice > row.price ? row.oldPrice : null,
          inStock: row.inStock === 1,
        },
      ];
    });
  }

  function shown(storefrontId: number, productIds: number[]): Set<number> {
    if (productIds.length === 0) return new Set();
    const rows = visibleAmong.all({ ...scope(storefrontId), idsJson: JSON.stringify(productIds) });
    return new Set(rows.map((r) => r.id));
  }

  function searchRequest(storefrontId: number, query: string, offset: number, limit: number): SearchRequest {
    return { ...scope(storefrontId), query, offset, limit };
  }

  function searchPage(storefrontId: number, hits: SearchHits): Page<ProductSummary> {
    // The hits may come from the search worker's read a moment ago: a product hidden since is left out.
    const stillShown = shown(storefrontId, hits.ids);
    return { items: summariesOf(storefrontId, hits.ids.filter((id) => stillShown.has(id))), total: hits.total };
  }

  return {
    category(storefrontId, id) {
      return tree(storefrontId).get(id);
    },

    childCategories(storefrontId, parentId) {
      return [...tree(storefrontId).values()].filter((c) => c.parentId === parentId && c.productCount > 0);
    },

    productsIn(storefrontId, categoryId, offset, limit) {
      tree(storefrontId);
      const total = view(storefrontId).direct?.get(categoryId) ?? 0;
      if (limit <= 0 || offset >= total) return { items: [], total };
      return { items: summariesOf(storefrontId, pageIds(storefrontId, categoryId, offset, limit)), total };
    },

    product(storefrontId, id) {
      const row = visibleProductById.get({ ...scope(storefrontId), id });
      if (!row) return undefined;
      const own = ownProduct.get({ storefrontId, id });
      const sizes = sizesOf.all({ id });
      return {
        ...row.product,
        price: row.price,
        oldPrice: row.oldPrice !== null && row.oldPrice > row.price ? row.oldPrice : null,
        description: own?.description ?? row.product.description,
        pictures: own?.photo ? [own.photo, ...row.product.pictures] : row.product.pictures,
        variants: sizes,
      };
    },

    shown,

    variant(_storefrontId, id) {
      return variantById.get({ id });
    },

    search(storefrontId, query, offset, limit) {
      return searchPage(storefrontId, findHits(searchRequest(storefrontId, query, offset, limit)));
    },

    searchRequest,
    findHits,
    searchRevision,
    searchPage,
  };
}

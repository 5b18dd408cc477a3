import { and, eq, sql } from 'drizzle-orm';
import { products } from '../db/schema.js';

/**
 * SQL fragments over a row of `products` that the catalog's statements share, written once so a
 * list, a card and a search (on the event loop or on the search worker) agree on what is shown.
 * Each statement binds `storefrontId` and `hiddenJson` (the storefront's hidden categories).
 *
 * @module
 */

/** The storefront the statement is for. */
export const storefrontParam = sql.placeholder('storefrontId');
/** The categories the storefront hides, directly or under a hidden parent, as a JSON array. */
const hiddenCategoriesParam = sql.placeholder('hiddenJson');

/** Shown in a storefront: not withdrawn, not hidden by it, not in a category it hides. */
export const visible = and(
  eq(products.hidden, false),
  sql`not exists (select 1 from "storefront_products" sp where sp.storefront_id = ${storefrontParam} and sp.product_id = "products"."id" and sp.hidden = 1)`,
  sql`("products"."category_id" is null or "products"."category_id" not in (select value from json_each(${hiddenCategoriesParam})))`,
)!;

// Spelled out: drizzle would render the outer column unqualified, and "id" would bind to v.id.
/** 1 when some size of the product is in stock. */
export const inStock = sql<number>`exists (select 1 from "variants" v where v.product_id = "products"."id" and v.stock > 0)`;

import { sql, type Placeholder, type SQL } from 'drizzle-orm';

/** A storefront id, or a placeholder for it in a statement prepared once. */
export type StorefrontRef = number | Placeholder;

/**
 * Retail prices, computed in SQL for a row of `products` ("products" in the outer query), so lists,
 * the cart and the order all see the same number. All integer kopecks; retail prices are rounded
 * up to whole ten roubles.
 *
 * - a franchisee's own price for the product, else
 * - the storefront's markup over wholesale, else
 * - the recommended retail price from the source, else the franchisor's recommended markup;
 * - never below the franchisor's minimum markup.
 */
const roundUp = (kopecks: SQL) => sql`(((${kopecks}) + 999) / 1000 * 1000)`;

export function retailPriceSql(storefrontId: StorefrontRef): SQL<number> {
  return sql<number>`(select max(
      coalesce(
        sp.price,
        case when s.markup_percent is not null
          then ${roundUp(sql`"products"."wholesale_price" * (100 + s.markup_percent) / 100`)}
          else coalesce("products"."price", ${roundUp(sql`"products"."wholesale_price" * (100 + hq.recommended_markup_percent) / 100`)})
        end
      ),
      ${roundUp(sql`"products"."wholesale_price" * (100 + hq.min_markup_percent) / 100`)}
    )
    from "storefronts" s
    join "franchise_settings" hq on hq.id = 1
    left join "storefront_products" sp on sp.storefront_id = s.id and sp.product_id = "products"."id"
    where s.id = ${storefrontId})`;
}

/** The old price scaled to this storefront's retail price, or null. Shown only when above the price. */
export function oldPriceSql(storefrontId: StorefrontRef): SQL<number | null> {
  return sql<number | null>`(case when "products"."old_price" is null then null else
    ${roundUp(sql`"products"."old_price" * ${retailPriceSql(storefrontId)} / max(1, coalesce("products"."price", "products"."wholesale_price"))`)}
  end)`;
}

/** The lowest retail price the franchisor allows for a product with this wholesale price. */
export function minimumRetail(wholesale: number, minMarkupPercent: number): number {
  return Math.ceil(Math.floor((wholesale * (100 + minMarkupPercent)) / 100) / 1000) * 1000;
}

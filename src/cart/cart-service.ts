import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import { retailPriceSql } from '../catalog/pricing.js';
import { cartItems, products, variants } from '../db/schema.js';

/** A cart line joined with the product's current state. */
export interface CartLine {
  id: number;
  variantId: number;
  productId: number;
  name: string;
  size: string | null;
  quantity: number;
  /** Current unit price. */
  price: number;
  /** Unit price the buyer last saw for this line. */
  priceSeen: number;
  /** Units available for sale right now. */
  stock: number;
  /** False when the product was hidden or withdrawn. */
  listed: boolean;
}

/** Why an item could not go into the cart. */
export type AddResult =
  | { ok: true; line: CartLine }
  | { ok: false; reason: 'gone' | 'sold-out' }
  | { ok: false; reason: 'limit'; stock: number };

/** Changes to a cart line. */
export type ChangeResult = { ok: true } | { ok: false; reason: 'gone' | 'limit' };

/** A buyer's cart. Everything is scoped by storefront and buyer, so a foreign id does nothing. */
export interface CartService {
  lines(storefrontId: number, buyerId: number): CartLine[];
  line(storefrontId: number, buyerId: number, lineId: number): CartLine | undefined;
  /** Adds one unit of a size (or more), never beyond the stock. */
  add(storefrontId: number, buyerId: number, variantId: number, quantity?: number): AddResult;
  /** Changes a line's quantity by ±1; going to zero removes it. */
  change(storefrontId: number, buyerId: number, lineId: number, delta: 1 | -1): ChangeResult;
  remove(storefrontId: number, buyerId: number, lineId: number): void;
  /** Sets a line's quantity outright (0 removes it), e.g. down to what is left in stock. */
  setQuantity(storefrontId: number, buyerId: number, lineId: number, quantity: number): void;
  /** Records that the buyer has now seen the current prices. */
  markPricesSeen(storefrontId: number, buyerId: number): void;
  /** Number of units in the cart. */
  count(storefrontId: number, buyerId: number): number;
}

const sf = sql.placeholder('storefrontId');
const mine = and(eq(cartItems.storefrontId, sf), eq(cartItems.buyerId, sql.placeholder('buyerId')));

/**
 * Creates the cart service; prices and what is still on sale come from the storefront's catalog.
 * The reads every cart screen runs are prepared once.
 */
export function createCartService(db: Db, catalog: CatalogService): CartService {
  function select() {
    return db
      .select({
        id: cartItems.id,
        variantId: cartItems.variantId,
        productId: products.id,
        name: products.name,
        size: variants.size,
        quantity: cartItems.quantity,
        price: retailPriceSql(sf),
        priceSeen: cartItems.priceSeen,
        stock: variants.stock,
      })
      .from(cartItems)
      .innerJoin(variants, eq(variants.id, cartItems.variantId))
      .innerJoin(products, eq(products.id, variants.productId));
  }
  const linesOf = select().where(mine).orderBy(asc(cartItems.id)).prepare();
  const thatLine = eq(cartItems.id, sql.placeholder('lineId'));
  const lineById = select().where(and(mine, thatLine)).prepare();
  const variantToAdd = db
    .select({ stock: variants.stock, price: retailPriceSql(sf), productId: variants.productId })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.id, sql.placeholder('variantId')))
    .prepare();
  const lineOfVariant = db
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(mine, eq(cartItems.variantId, sql.placeholder('variantId'))))
    .prepare();
  const unitsOf = db
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)` })
    .from(cartItems)
    .where(mine)
    .prepare();
  const upsertLine = db
    .insert(cartItems)
    .values({
      storefrontId: sf,
      buyerId: sql.placeholder('buyerId'),
      variantId: sql.placeholder('variantId'),
      quantity: sql.placeholder('quantity'),
      priceSeen: sql.placeholder('priceSeen'),
    })
    .onConflictDoUpdate({
      target: [cartItems.buyerId, cartItems.variantId],
      set: { quantity: sql`excluded.quantity`, priceSeen: sql`excluded.price_seen` },
    })
    .returning({ id: cartItems.id })
    .prepare();
  const pricesSeen = db
    .update(cartItems)
    .set({
      priceSeen: sql`(select ${retailPriceSql(sf)} from "variants" v join "products" on "products"."id" = v.product_id where v.id = "cart_items"."variant_id")`,
    })
    .where(mine)
    .prepare();
  const deleteLine = db.delete(cartItems).where(and(mine, thatLine)).prepare();
  const setLineQuantity = db
    .update(cartItems)
    .set({ quantity: sql`${sql.placeholder('quantity')}` })
    .where(and(mine, thatLine))
    .prepare();
  type Row = ReturnType<typeof linesOf.all>[number];
  function toLines(storefrontId: number, rows: Row[]): CartLine[] {
    const shown = catalog.shown(storefrontId, rows.map((r) => r.productId));
    return rows.map((row) => ({ ...row, listed: shown.has(row.productId) }));
  }

  const service: CartService = {
    lines(storefrontId, buyerId) {
      return toLines(storefrontId, linesOf.all({ storefrontId, buyerId }));
    },

    line(storefrontId, buyerId, lineId) {
      const row = lineById.get({ storefrontId, buyerId, lineId });
      return row && toLines(storefrontId, [row])[0];
    },

    add(storefrontId, buyerId, variantId, quantity = 1) {
      return inTransaction(db, () => {
        const variant = variantToAdd.get({ storefrontId, variantId });
        if (!variant || !catalog.shown(storefrontId, [variant.productId]).has(variant.productId)) {
          return { ok: false, reason: 'gone' } as const;
        }
        if (variant.stock <= 0) return { ok: false, reason: 'sold-out' } as const;
        const existing = lineOfVariant.get({ storefrontId, buyerId, variantId });
        const wanted = (existing?.quantity ?? 0) + quantity;
        if (wanted > variant.stock) return { ok: false, reason: 'limit', stock: variant.stock } as const;
        const row = upsertLine.get({ storefrontId, buyerId, variantId, quantity: wanted, priceSeen: variant.price })!;
        return { ok: true, line: service.line(storefrontId, buyerId, row.id)! } as const;
      });
    },

    change(storefrontId, buyerId, lineId, delta) {
      const line = service.line(storefrontId, buyerId, lineId);
      if (!line) return { ok: false, reason: 'gone' };
      const quantity = line.quantity + delta;
      if (delta > 0 && quantity > line.stock) return { ok: false, reason: 'limit' };
      service.setQuantity(storefrontId, buyerId, lineId, quantity);
      return { ok: true };
    },

    remove(storefrontId, buyerId, lineId) {
      deleteLine.run({ storefrontId, buyerId, lineId });
    },

    setQuantity(storefrontId, buyerId, lineId, quantity) {
      if (quantity <= 0) return service.remove(storefrontId, buyerId, lineId);
      setLineQuantity.run({ storefrontId, buyerId, lineId, quantity });
    },

    markPricesSeen(storefrontId, buyerId) {
      pricesSeen.run({ storefrontId, buyerId });
    },

    count(storefrontId, buyerId) {
      return unitsOf.get({ storefrontId, buyerId })?.n ?? 0;
    },
  };
  return service;
}

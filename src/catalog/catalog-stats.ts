import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { products } from '../db/schema.js';

/** Number of products (hidden included) a storefront has. */
export function countProducts(db: Db, storefrontId: number): number {
  return db.select({ n: sql<number>`count(*)` }).from(products).where(eq(products.storefrontId, storefrontId)).get()?.n ?? 0;
}

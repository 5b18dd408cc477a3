import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { products } from '../db/schema.js';

/** Number of products in the master catalog, withdrawn ones included. */
export function countProducts(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(products).get()?.n ?? 0;
}

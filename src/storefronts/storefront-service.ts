import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedOnce } from '../db/prepared.js';
import { storefronts } from '../db/schema.js';

/** A storefront as the engine needs it. */
export type Storefront = typeof storefronts.$inferSelect;

/** Slug of the storefront configured from the environment. */
export const defaultStorefrontSlug = 'default';

/**
 * Returns the default storefront, creating it at first start. Its name comes from the
 * configuration only the first time; later it belongs to the storefront's owner.
 */
export function ensureDefaultStorefront(db: Db, opts: { name: string; timeZone: string }): Storefront {
  const existing = db.select().from(storefronts).where(eq(storefronts.slug, defaultStorefrontSlug)).get();
  if (existing) return existing;
  return db
    .insert(storefronts)
    .values({ slug: defaultStorefrontSlug, name: opts.name, timeZone: opts.timeZone })
    .returning()
    .get();
}

const storefrontById = preparedOnce((db) => db.select().from(storefronts).where(eq(storefronts.id, sql.placeholder('id'))).prepare());

/** Reads one storefront by id. */
export function getStorefront(db: Db, id: number): Storefront | undefined {
  return storefrontById(db).get({ id });
}

/** Creates a storefront; it offers the whole master catalog at the recommended prices from the start. */
export function createStorefront(db: Db, opts: { slug: string; name: string; timeZone?: string }): Storefront {
  return db
    .insert(storefronts)
    .values({ slug: opts.slug, name: opts.name, timeZone: opts.timeZone ?? 'Europe/Moscow' })
    .returning()
    .get();
}

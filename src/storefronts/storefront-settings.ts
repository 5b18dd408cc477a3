import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import { createStorefront, getStorefront, type Storefront } from './storefront-service.js';

/**
 * The storefronts of the network as their staff and the franchisor manage them: opening one,
 * listing them, and the settings a storefront's staff or HQ change from the chat.
 */
export interface StorefrontSettings {
  /** One storefront by id. */
  get(id: number): Storefront | undefined;
  /** Every storefront, oldest first. */
  list(): Storefront[];
  /** Opens a storefront offering the whole master catalog at the recommended prices. */
  create(opts: { slug: string; name: string; timeZone?: string }): Storefront;
  /** The storefront's markup over wholesale in percent; `null` follows the franchisor's recommendation. */
  setMarkup(id: number, markupPercent: number | null): void;
  /** Whether new orders are confirmed without a person. */
  setAutoConfirm(id: number, on: boolean): void;
  /** Whether the storefront stops serving (its bots are stopped by the caller). */
  setPaused(id: number, paused: boolean): void;
}

/** Creates the storefront settings service. */
export function createStorefrontSettings(db: Db): StorefrontSettings {
  const update = (id: number, values: Partial<Pick<Storefront, 'markupPercent' | 'autoConfirm' | 'paused'>>) =>
    void db.update(storefronts).set(values).where(eq(storefronts.id, id)).run();
  return {
    get: (id) => getStorefront(db, id),
    list: () => db.select().from(storefronts).orderBy(asc(storefronts.id)).all(),
    create: (opts) => createStorefront(db, opts),
    setMarkup: (id, markupPercent) => update(id, { markupPercent }),
    setAutoConfirm: (id, autoConfirm) => update(id, { autoConfirm }),
    setPaused: (id, paused) => update(id, { paused }),
  };
}

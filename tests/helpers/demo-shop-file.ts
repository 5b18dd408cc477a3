import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoCatalog } from '../../src/catalog/demo/seed-demo.js';
import { openDatabase } from '../../src/db/client.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';

/**
 * The demo shop in a database file in a temporary folder (a second connection, like the search
 * worker's, can open it); what to undo afterwards goes on `cleanups`, to run in reverse order.
 */
export function openDemoShopFile(cleanups: Array<() => unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'sarafan-shop-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'shop.sqlite');
  const db = openDatabase(path);
  cleanups.push(() => db.$client.close());
  const storefront = ensureDefaultStorefront(db, { name: 'Магазин', timeZone: 'Europe/Moscow' });
  seedDemoCatalog(db);
  return { db, path, storefront };
}

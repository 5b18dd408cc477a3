import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';

const migrations = fileURLToPath(new URL('../../drizzle', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database file as it was before stock reservations (migrations up to 0015). */
function databaseBeforeReservations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sarafan-stock-'));
  dirs.push(dir);
  const old = join(dir, 'drizzle');
  cpSync(migrations, old, { recursive: true });
  const journal = JSON.parse(readFileSync(join(old, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const upTo = journal.entries.findIndex((e) => e.tag === '0015_search-revision');
  journal.entries = journal.entries.slice(0, upTo + 1);
  writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
  const file = join(dir, 'shop.db');
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: old });
  sqlite.exec(`
    insert into storefronts (id, slug, name) values (1, 'main', 'Shop');
    insert into buyers (id, storefront_id, channel, user_id, chat_id) values (1, 1, 'telegram', '1', '1');
    insert into products (id, sku, name) values (1, 'feed:KED', 'Кеды');
    -- On sale today: 1 S (the feed said 4; three units went to orders since), 0 M.
    insert into variants (id, product_id, size, offer_id, stock) values (1, 1, 'S', 'KED-S', 1), (2, 1, 'M', 'KED-M', 0);
  `);
  const order = sqlite.prepare(
    `insert into orders (id, storefront_id, buyer_id, number, status, checkout_key, total, channel, chat_id, locale, delivery_name, delivery_phone, delivery_city, delivery_address)
     values (?, 1, 1, ?, ?, ?, 100, 'telegram', '1', 'ru', 'А', '+79160000000', 'М', 'Т')`,
  );
  const item = sqlite.prepare(
    `insert into order_items (order_id, variant_id, product_id, offer_id, name, size, quantity, price, wholesale_price) values (?, ?, 1, ?, 'Кеды', ?, ?, 100, 50)`,
  );
  const statuses = ['new', 'confirmed', 'sent', 'accepted', 'cancelled', 'needs_attention'] as const;
  statuses.forEach((status, i) => {
    order.run(i + 1, 1001 + i, status, `k${i}`);
    item.run(i + 1, 1, 'KED-S', 'S', i === 0 ? 2 : 1);
  });
  sqlite.close();
  return file;
}

describe('migration to stock reservations', () => {
  it('keeps what is on sale and holds the units of orders the warehouse has not taken, so the next sync subtracts them', () => {
    const db = openDatabase(databaseBeforeReservations());
    const rows = db.$client.prepare('select offer_id, stock, feed_stock from variants order by id').all();
    // new (2 units), confirmed and sent hold 4 units of S; accepted, cancelled and needs_attention hold none.
    expect(rows).toEqual([
      { offer_id: 'KED-S', stock: 1, feed_stock: 5 },
      { offer_id: 'KED-M', stock: 0, feed_stock: 0 },
    ]);
    const held = db.$client.prepare('select o.status, i.reserved from order_items i join orders o on o.id = i.order_id order by o.id').all();
    expect(held).toEqual([
      { status: 'new', reserved: 2 },
      { status: 'confirmed', reserved: 1 },
      { status: 'sent', reserved: 1 },
      { status: 'accepted', reserved: 0 },
      { status: 'cancelled', reserved: 0 },
      { status: 'needs_attention', reserved: 0 },
    ]);
    db.$client.close();
  });
});

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { storefronts } from '../../src/db/schema.js';
import { advanceOrder } from '../../src/orders/order-lifecycle.js';
import { cartWithBoots, createTestApp, TestBuyer } from '../helpers/engine-harness.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const undo of cleanups.splice(0).reverse()) undo();
});

/** What a buyer typed, each string unlike anything else in the shop. */
const distinctive = ['Зинаида Квашнина', '+79995551234', 'Неповторимая', 'Кукуево-Заречное', 'Домофон 4567', 'Эльвира Профильная'];

/** Which of the strings can be read from the database file and its write-ahead log. */
function onDisk(path: string): string[] {
  const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
  return distinctive.filter((s) => bytes.includes(Buffer.from(s, 'utf8')));
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('erased bytes leave the database file and its write-ahead log', () => {
  it('after /forget, a finished order\'s name, phone, address and comment and the buyer\'s profile cannot be read from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-erase-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'shop.sqlite');
    const app = createTestApp({ databasePath: path });
    cleanups.push(() => app.db.$client.close());
    expect(app.db.$client.pragma('secure_delete', { simple: true })).toBe(1);
    app.db.update(storefronts).set({ autoConfirm: true }).run();

    const buyer = new TestBuyer(app, 'u1', 'ru', 'telegram', 'Эльвира Профильная');
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.say('Зинаида Квашнина');
    await buyer.say('+7 999 555-12-34');
    await buyer.say('Кукуево-Заречное');
    await buyer.say('ул. Неповторимая, 987, кв. 65');
    // Corrected once: the first answer's bytes were written too.
    await buyer.say('Домофон 4567, звонить заранее');
    await buyer.press('Подтвердить заказ');
    const order = app.db.$client.prepare('select id from orders').get() as { id: number };
    advanceOrder(app.db, { orderId: order.id, to: 'delivered', actor: 'supplier:test' });
    // The control: everything the buyer typed is on disk.
    expect(onDisk(path)).toEqual(distinctive);

    // A reader in the middle of a query (a search on its worker) holds the log for a moment.
    const reader = new Database(path, { readonly: true });
    cleanups.push(() => reader.close());
    reader.prepare('begin').run();
    reader.prepare('select count(*) from orders').get();
    await buyer.say('/forget');
    await buyer.press('Да, удалить');
    await new Promise((r) => setTimeout(r, 100));
    reader.prepare('commit').run();
    // The log is truncated once the erasure is committed and the reader is done.
    await until(() => !existsSync(`${path}-wal`) || readFileSync(`${path}-wal`).length === 0, 'the write-ahead log to be truncated');
    expect(onDisk(path)).toEqual([]);
    // The connection waits for competing writers as before.
    expect(app.db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});

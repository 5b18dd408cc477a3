import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { startWalCheckpoints } from '../../src/db/wal-checkpoints.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'sarafan-wal-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'shop.sqlite');
  const db = openDatabase(path);
  cleanups.push(() => db.$client.open && db.$client.close());
  db.$client.exec('create table notes (id integer primary key, body blob not null)');
  return { db, path };
}

const until = async (check: () => boolean, ms = 10_000) => {
  for (const end = Date.now() + ms; !check(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('WAL checkpoints on a worker thread', () => {
  it('copies committed pages into the database and keeps the log short while the connection never checkpoints', async () => {
    const { db, path } = fileDb();
    const checkpoints = startWalCheckpoints(db, { path, logger: pino({ level: 'silent' }), intervalMs: 10 });
    cleanups.push(() => checkpoints.stop());
    await checkpoints.ready;
    const insert = db.$client.prepare('insert into notes (body) values (?)');
    const change = db.$client.prepare('update notes set body = ? where id = ?');
    const page = Buffer.alloc(3000, 7);
    db.$client.transaction(() => {
      for (let i = 0; i < 4000; i++) insert.run(page);
    })();
    const commit = db.$client.transaction((turn: number) => {
      // Rows all over the table, as events touch buyers, dialogues and orders: many distinct pages per pass.
      for (let i = 0; i < 8; i++) change.run(Buffer.alloc(3000, turn % 251), 1 + ((turn * 7919 + i * 104729) % 4000));
    });
    // One commit per turn of the event loop, as under load: the log never stays still long enough
    // for a pass of the worker to leave nothing behind.
    for (let turn = 0; turn < 2000; turn++) {
      commit(turn);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The log file never shrinks, so its size tells how long the log ever got: started over near
    // 4,000 pages (16 MB), where 20,000 pages were written in all.
    expect(statSync(`${path}-wal`).size).toBeLessThan(30_000_000);
    // The pages went into the database itself, though the connection never checkpointed.
    await until(() => statSync(path).size > 12_000_000);
    expect((db.$client.prepare('select count(*) as n from notes').get() as { n: number }).n).toBe(4000);
  });

  it('hands checkpoints back to the connection when the worker stops', async () => {
    const { db, path } = fileDb();
    const checkpoints = startWalCheckpoints(db, { path, logger: pino({ level: 'silent' }) });
    await checkpoints.stop();
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});

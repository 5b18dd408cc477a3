import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createCommitBatch } from '../../src/engine/commit-batch.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'sarafan-commit-'));
  dirs.push(dir);
  const path = join(dir, 'shop.sqlite');
  const db = openDatabase(path);
  db.$client.exec('create table notes (id integer primary key, text text not null)');
  return { db, path };
}

describe('events committed together', () => {
  it('answers a unit only once its writes are committed, as another connection sees them', async () => {
    const { db, path } = fileDb();
    const batch = createCommitBatch(db);
    const reader = new Database(path, { readonly: true });
    const insert = db.$client.prepare('insert into notes (text) values (?)');
    const seenWhenAnswered = await Promise.all(
      ['first', 'second', 'third'].map((text) =>
        batch.run(() => insert.run(text)).then(() => (reader.prepare('select count(*) as n from notes').get() as { n: number }).n),
      ),
    );
    expect(seenWhenAnswered).toEqual([3, 3, 3]);
    reader.close();
    db.$client.close();
  });

  it('leaves nothing of a unit that fails and keeps the others of its batch', async () => {
    const { db } = fileDb();
    const batch = createCommitBatch(db);
    const insert = db.$client.prepare('insert into notes (text) values (?)');
    const results = await Promise.allSettled([
      batch.run(() => insert.run('kept')),
      batch.run(() => {
        insert.run('half-done');
        throw new Error('screen failed');
      }),
      batch.run(() => insert.run('also kept')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.$client.prepare('select text from notes order by id').pluck().all()).toEqual(['kept', 'also kept']);
    db.$client.close();
  });

  it('gets through a burst larger than one batch, every unit once and in order', async () => {
    const { db } = fileDb();
    const batch = createCommitBatch(db);
    const insert = db.$client.prepare('insert into notes (text) values (?)');
    await Promise.all(Array.from({ length: 200 }, (_, i) => batch.run(() => insert.run(String(i)))));
    expect(db.$client.prepare('select text from notes order by id').pluck().all()).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    db.$client.close();
  });
});

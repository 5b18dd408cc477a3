import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { memoryMapBytes } from '../../src/db/memory-map.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('opening the shop database file', () => {
  it('uses the write-ahead log and a memory map, and keeps what was saved when opened again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-db-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'shop.sqlite');
    const db = openDatabase(path);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.$client.pragma('mmap_size', { simple: true })).toBe(memoryMapBytes);
    const saved = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
    db.$client.close();

    const again = openDatabase(path);
    expect(ensureDefaultStorefront(again, { name: 'Другое имя', timeZone: 'Europe/Moscow' })).toMatchObject({ id: saved.id, name: 'Сарафан' });
    again.$client.close();
  });
});

describe('who can read the database files', () => {
  it('creates the folder for the owner only (0700) and the database, its log and shared memory for the owner only (0600), before data is written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-db-'));
    dirs.push(dir);
    const path = join(dir, 'data', 'shop.sqlite');
    const db = openDatabase(path);
    ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
    expect(modeOf(join(dir, 'data')).toString(8)).toBe('700');
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect({ file, mode: modeOf(file).toString(8) }).toEqual({ file, mode: '600' });
    db.$client.close();
  });

  it('tightens database files an older version left readable by others, and says so once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-db-'));
    dirs.push(dir);
    const path = join(dir, 'shop.sqlite');
    const db = openDatabase(path);
    db.$client.close();
    writeFileSync(`${path}-wal`, '');
    for (const file of [path, `${path}-wal`]) chmodSync(file, 0o644);
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(args) };
    const again = openDatabase(path, { logger });
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect({ file, mode: modeOf(file).toString(8) }).toEqual({ file, mode: '600' });
    expect(warnings).toHaveLength(1);
    again.$client.close();
    openDatabase(path, { logger }).$client.close();
    expect(warnings).toHaveLength(1);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { memoryMapBytes } from '../../src/db/memory-map.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

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

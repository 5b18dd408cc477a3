import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => unknown> = [];
afterEach(() => {
  for (const undo of cleanups.splice(0).reverse()) undo();
});

async function backup(databasePath: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/scripts/db-backup.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_PATH: databasePath, CONSOLE_LOCALE: 'en' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, output };
}

describe('npm run db:backup -- <file>', () => {
  it('copies the database a running shop holds open, log included, owner-only, and never replaces a file without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-cli-backup-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const live = join(dir, 'live.db');
    const shop = openDatabase(live);
    cleanups.push(() => shop.$client.close());
    // The running shop: its writes sit in the write-ahead log, not yet in the database file.
    shop.$client.pragma('wal_autocheckpoint = 0');
    createStorefront(shop, { slug: 'kazan', name: 'Казань' });
    const target = join(dir, 'copy.db');

    const first = await backup(live, [target]);
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toContain(`Database backup written: ${target}`);
    expect((statSync(target).mode & 0o777).toString(8)).toBe('600');
    const copy = new Database(target, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare("SELECT name FROM storefronts WHERE slug = 'kazan'").get()).toEqual({ name: 'Казань' });
    copy.close();

    createStorefront(shop, { slug: 'perm', name: 'Пермь' });
    const before = readFileSync(target);
    const refused = await backup(live, [target]);
    expect(refused.code).toBe(1);
    expect(refused.output.trim()).toBe(`${target} already exists; the backup was not written. Add --force to replace it.`);
    expect(readFileSync(target).equals(before)).toBe(true);

    const forced = await backup(live, [target, '--force']);
    expect(forced.code).toBe(0);
    const replaced = new Database(target, { readonly: true });
    expect(replaced.prepare('SELECT count(*) AS n FROM storefronts').get()).toEqual({ n: 2 });
    replaced.close();
  });
});

import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFileName, startPeriodicBackups, type PeriodicBackups } from '../../src/db/periodic-backups.js';
import { openDemoShopFile } from '../helpers/demo-shop-file.js';

const cleanups: Array<() => unknown> = [];
let backups: PeriodicBackups | undefined;
afterEach(async () => {
  await backups?.stop();
  backups = undefined;
  for (const undo of cleanups.splice(0).reverse()) undo();
});

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

function recorder() {
  const infos: unknown[][] = [];
  const warns: unknown[][] = [];
  return { infos, warns, logger: { info: (...a: unknown[]) => void infos.push(a), warn: (...a: unknown[]) => void warns.push(a) } };
}

const hour = 3_600_000;
/** A period of about 50 ms, so a test sees several. */
const shortHours = 0.05 / 3600;
const start = Date.parse('2026-12-03T10:00:00.000Z');

describe('periodic backups (BACKUP_DIR, BACKUP_HOURS, BACKUP_KEEP)', () => {
  it('backs up at once into a new owner-only folder, then every period under time-stamped names, keeping the newest BACKUP_KEEP and nothing else of the folder\'s', async () => {
    const shop = openDemoShopFile(cleanups);
    const root = mkdtempSync(join(tmpdir(), 'sarafan-periodic-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'backups');
    let clock = start;
    const log = recorder();
    backups = startPeriodicBackups(shop.db, { dir, hours: shortHours, keep: 3, logger: log.logger, now: () => (clock += hour) });
    await until(() => log.infos.length >= 1, 'the first backup');
    writeFileSync(join(dir, 'operator-notes.txt'), 'mine');
    // What a backup killed mid-copy leaves behind.
    writeFileSync(join(dir, '.sarafan-2026-12-01T00-00-00-000Z.db.4242-0badcafe.tmp'), 'half');
    await until(() => log.infos.length >= 5, 'five backups');
    await backups.stop();
    const made = log.infos.length;
    expect(log.warns).toEqual([]);
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    const names = readdirSync(dir).sort();
    const expected = Array.from({ length: 3 }, (_, i) => backupFileName(start + (made - 2 + i) * hour));
    expect(names).toEqual(['operator-notes.txt', ...expected]);
    expect(names[1]).toMatch(/^sarafan-2026-12-03T\d\d-00-00-000Z\.db$/);
    for (const name of expected) {
      expect((statSync(join(dir, name)).mode & 0o777).toString(8)).toBe('600');
      const copy = new Database(join(dir, name), { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      copy.close();
    }
  });

  it('a failed backup is logged as a warning and tried again the next period', async () => {
    const shop = openDemoShopFile(cleanups);
    const root = mkdtempSync(join(tmpdir(), 'sarafan-periodic-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'backups');
    // A file where the folder should be: the backup cannot be written until the operator fixes it.
    writeFileSync(dir, '');
    let clock = start;
    const log = recorder();
    backups = startPeriodicBackups(shop.db, { dir, hours: shortHours, keep: 14, logger: log.logger, now: () => (clock += hour) });
    await until(() => log.warns.length >= 2, 'two failed tries');
    expect(log.infos).toEqual([]);
    expect(log.warns[0]![1]).toMatch(/^database backup failed; trying again in /);
    rmSync(dir);
    await until(() => log.infos.length >= 1, 'a backup once the folder can be made');
    expect(readdirSync(dir).filter((n) => n.endsWith('.db')).length).toBeGreaterThanOrEqual(1);
  });

  it('after a restart, the first backup is due a period after the newest one already in the folder', async () => {
    const shop = openDemoShopFile(cleanups);
    const dir = mkdtempSync(join(tmpdir(), 'sarafan-periodic-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const now = start;
    writeFileSync(join(dir, backupFileName(now - hour)), '');
    const log = recorder();
    backups = startPeriodicBackups(shop.db, { dir, hours: 24, keep: 14, logger: log.logger, now: () => now });
    await new Promise((r) => setTimeout(r, 300));
    expect(log.infos).toEqual([]);
    await backups.stop();

    writeFileSync(join(dir, backupFileName(now - 25 * hour)), '');
    rmSync(join(dir, backupFileName(now - hour)));
    backups = startPeriodicBackups(shop.db, { dir, hours: 24, keep: 14, logger: log.logger, now: () => now });
    await until(() => log.infos.length === 1, 'the overdue backup at once');
    expect(readdirSync(dir).sort()).toEqual([backupFileName(now - 25 * hour), backupFileName(now)]);
  });
});

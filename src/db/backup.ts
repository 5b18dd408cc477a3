import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { privateFileMode } from './file-modes.js';

/** A backup that was not written: `exists` (the target is there and may not be replaced) or `no-folder`. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly problem: 'exists' | 'no-folder',
    readonly path: string,
  ) {
    super(problem === 'exists' ? `${path} already exists (pass --force to replace it)` : `the folder ${path} does not exist`);
  }
}

/** How {@link backupDatabase} copies. */
export interface BackupOptions {
  /** Replace `target` if it exists; otherwise an existing file is never touched. */
  overwrite?: boolean;
  /**
   * Pages copied per step; the event loop runs between steps. Omitted: everything in one step,
   * which is what another process must do (see {@link backupDatabase}).
   */
  pagesPerStep?: number;
}

/** All remaining pages, in SQLite's backup API. */
const allPages = 0x7fffffff;

/**
 * Writes a consistent copy of the database with SQLite's online backup API. The copy goes to a
 * hidden temporary file beside `target`, created 0600 before a byte is written, synced, and only
 * then given its name, so `target` is either absent or a whole backup, never a half-written one.
 *
 * Consistency: inside the shop's process, `client` is the connection the shop writes through,
 * and SQLite mirrors those writes into pages already copied, so small steps are safe. From
 * another process (`npm run db:backup`), the shop's commits would restart a stepped copy, so the
 * copy is taken in one step: one read transaction, which in WAL mode does not stop the shop's writes.
 */
export async function backupDatabase(client: Database.Database, target: string, opts: BackupOptions = {}): Promise<{ path: string; pages: number }> {
  const path = resolve(target);
  if (!opts.overwrite && existsSync(path)) throw new BackupError('exists', path);
  if (!existsSync(dirname(path))) throw new BackupError('no-folder', dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  closeSync(openSync(temp, 'wx', privateFileMode));
  try {
    const steps = opts.pagesPerStep ?? allPages;
    const progress = await client.backup(temp, { progress: () => steps });
    syncFile(temp);
    if (opts.overwrite) renameSync(temp, path);
    else publishNew(temp, path);
    syncFolder(dirname(path));
    return { path, pages: progress.totalPages };
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
  }
}

/** Gives the finished copy its name unless a file took that name meanwhile: a hard link never replaces one. */
function publishNew(temp: string, path: string): void {
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BackupError('exists', path);
    // A file system without hard links: check and rename, the best it allows.
    if (existsSync(path)) throw new BackupError('exists', path);
    renameSync(temp, path);
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the new name durable; a platform that cannot sync a folder still has the synced file. */
function syncFolder(path: string): void {
  try {
    syncFile(path);
  } catch {
    // Nothing to do: the rename itself has happened.
  }
}

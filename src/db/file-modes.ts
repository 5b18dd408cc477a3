import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner read/write only: buyers' names, phones and addresses live in these files. */
export const privateFileMode = 0o600;
/** Owner only, for the folders we create. */
export const privateDirMode = 0o700;

/**
 * Makes the database file and its write-ahead log and shared-memory files readable by the owner
 * only, before SQLite writes a byte. SQLite creates `-wal` and `-shm` with the mode of the main
 * file, so creating that one with 0600 covers them; files left by an older version are tightened.
 * Creates a missing folder with 0700 (an existing one is the operator's choice and stays as it is).
 * Returns the files whose mode had to be tightened.
 */
export function securePrivateFiles(path: string): string[] {
  mkdirSync(dirname(path), { recursive: true, mode: privateDirMode });
  // 'a' creates a missing file with the mode and leaves an existing one as it is.
  closeSync(openSync(path, 'a', privateFileMode));
  return [path, `${path}-wal`, `${path}-shm`, `${path}-journal`].filter(tighten);
}

/** Drops group and other permissions from an existing file; true when there were any. */
export function tighten(file: string): boolean {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return false;
  }
  if ((mode & 0o077) === 0) return false;
  chmodSync(file, mode & 0o700);
  return true;
}

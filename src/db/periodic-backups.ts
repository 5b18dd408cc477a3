import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../shared/logger.js';
import { backupDatabase } from './backup.js';
import type { Db } from './client.js';
import { privateDirMode } from './file-modes.js';

/**
 * Pages per step of a backup taken inside the shop: 256 pages of 4 KB, 1 MB, after which the event
 * loop serves buyers before the next step. Measured on a shared 2-core machine under load: the
 * longest step 35–40 ms, where `VACUUM INTO` held the loop 0.6 s for a 20 MB database and 1.3 s
 * for 100 MB (it cannot yield, and grows with the database).
 */
export const pagesPerStep = 256;

const namePattern = /^sarafan-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.db$/;
/** The temporary file of a backup cut short (the process killed mid-copy); one backup runs at a time, so any found is stale. */
const leftoverPattern = /^\.sarafan-.*\.db\.\d+-[0-9a-f]+\.tmp(-journal)?$/;

/** The file name of a backup taken at `ms`: UTC, so names sort by time. */
export function backupFileName(ms: number): string {
  return `sarafan-${new Date(ms).toISOString().replace(/[:.]/g, '-')}.db`;
}

/** When the backup named `name` was taken, or undefined for a file that is not one of ours. */
function takenAt(name: string): number | undefined {
  const m = namePattern.exec(name);
  if (!m) return undefined;
  const [date, time] = m[1]!.split('T') as [string, string];
  const [h, min, s, ms] = time.replace('Z', '').split('-');
  return Date.parse(`${date}T${h}:${min}:${s}.${ms}Z`);
}

/** Backups taken by the running shop. */
export interface PeriodicBackups {
  /** Takes a backup now (unless one is running) and prunes; resolves to its path, or undefined if it failed. */
  runNow(): Promise<string | undefined>;
  /** Stops the schedule and waits for a backup in progress. */
  stop(): Promise<void>;
}

/** What periodic backups need. */
export interface PeriodicBackupsDeps {
  dir: string;
  hours: number;
  /** How many of the newest backups are kept. */
  keep: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
}

/**
 * Backs the database up into `dir` every `hours`, keeping the newest `keep`. The first one is
 * due a period after the newest backup already there (at once when there is none), so a shop
 * restarted more often than the period still gets its backups. A failed backup is logged and
 * the next period tries again; nothing else of the shop waits for it.
 */
export function startPeriodicBackups(db: Db, deps: PeriodicBackupsDeps): PeriodicBackups {
  const now = deps.now ?? Date.now;
  const periodMs = deps.hours * 3_600_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<string | undefined> | undefined;
  let stopped = false;

  const ours = () => {
    try {
      return readdirSync(deps.dir).filter((name) => takenAt(name) !== undefined).sort();
    } catch {
      return [];
    }
  };

  async function backupOnce(): Promise<string | undefined> {
    try {
      mkdirSync(deps.dir, { recursive: true, mode: privateDirMode });
      const { path } = await backupDatabase(db.$client, join(deps.dir, backupFileName(now())), { pagesPerStep });
      const names = ours();
      const leftovers = readdirSync(deps.dir).filter((name) => leftoverPattern.test(name));
      for (const old of [...names.slice(0, Math.max(0, names.length - deps.keep)), ...leftovers]) rmSync(join(deps.dir, old), { force: true });
      deps.logger.info({ path }, 'database backed up');
      return path;
    } catch (error) {
      deps.logger.warn({ err: error, dir: deps.dir }, `database backup failed; trying again in ${deps.hours} h`);
      return undefined;
    }
  }

  function runNow(): Promise<string | undefined> {
    running ??= backupOnce().finally(() => (running = undefined));
    return running;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => void runNow().then(() => schedule(periodMs)), delayMs);
    timer.unref();
  }

  const newest = ours().at(-1);
  const last = newest === undefined ? undefined : takenAt(newest);
  schedule(last === undefined ? 0 : Math.min(periodMs, Math.max(0, last + periodMs - now())));

  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

import type { Logger } from '../shared/logger.js';
import { startWorkerThread } from '../shared/worker-thread.js';
import type { Db } from './client.js';

/** SQLite's own threshold: a committing connection checkpoints once the log holds this many pages. */
const defaultAutocheckpoint = 1000;
/**
 * The log is started over once it is this long (16 MB of 4 KB pages). Readers find a page in the
 * log through an index block of 4,096 frames, so a log within one block costs them nothing more,
 * and the loop catches up a quarter as often as SQLite's 1,000 pages would make it.
 */
const restartFrames = 4000;

/** Checkpoints run by a worker thread; the engine's connection goes back to its own once they stop. */
export interface WalCheckpoints {
  /** Settles once the worker has opened the database and runs its passes. */
  ready: Promise<void>;
  /** Stops the worker; the engine's connection checkpoints by itself again. */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. By default the connection that commits past 1,000
 * pages of log copies them all into the database and syncs it before it returns: 20–30 ms every
 * second or so under load, which every buyer waiting behind that commit pays. Here a worker thread
 * with its own connection copies the pages every `intervalMs` while the loop goes on. Pages
 * committed during its pass are left over, and SQLite starts the log over only at a commit that
 * finds none left, so when the log is long the worker pauses and the loop, between two commits,
 * copies those few pages itself (a millisecond or two) before its next commit. A worker that
 * fails hands checkpoints back to the connection.
 */
export function startWalCheckpoints(db: Db, deps: { path: string; logger: Logger; intervalMs?: number }): WalCheckpoints {
  const client = db.$client;
  const worker = startWorkerThread(import.meta.url, 'checkpoint-worker', {
    path: deps.path,
    intervalMs: deps.intervalMs ?? 100,
    restartFrames,
  });
  worker.unref();
  client.pragma('wal_autocheckpoint = 0');
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));
  let handedBack = false;
  const handBack = () => {
    started();
    if (handedBack) return;
    handedBack = true;
    if (client.open) client.pragma(`wal_autocheckpoint = ${defaultAutocheckpoint}`);
  };

  worker.on('message', (message: { type: 'ready' | 'long-log' } | { type: 'failed'; message: string }) => {
    if (message.type === 'ready') return started();
    if (message.type === 'failed') {
      deps.logger.warn({ reason: message.message }, 'WAL checkpoint failed; the worker tries again, and gives checkpoints back to the main connection if it keeps failing');
      return;
    }
    // Outside any transaction: they are synchronous, and this runs between two of them.
    if (!handedBack && client.open && !client.inTransaction) {
      try {
        // Copies the pages committed since the worker's pass, so the next commit can start the log
        // over. PASSIVE never waits: with a search still reading the log, the next long-log report retries.
        client.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        deps.logger.warn({ err: error }, 'WAL checkpoint failed; tried again when the log is next long');
      }
    }
    worker.postMessage({ type: 'restarted' });
  });
  worker.on('error', (error) => {
    deps.logger.warn({ err: error }, 'WAL checkpoint worker failed; the database connection checkpoints by itself again');
    handBack();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !handedBack) deps.logger.warn({ code }, 'WAL checkpoint worker stopped; the database connection checkpoints by itself again');
    handBack();
  });

  return {
    ready,
    async stop() {
      handBack();
      await worker.terminate();
    },
  };
}

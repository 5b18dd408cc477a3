import { startWorkerThread } from '../../shared/worker-thread.js';
import { defaultStepMs, defaultStepOffers, type ImportStep } from './catalog-import.js';
import type { FeedFetchPolicy } from './feed-fetch-guard.js';
import { FeedError, type FeedProblem, type ImportReport } from './feed-types.js';

/** What the import worker is asked to do (its `workerData`). */
export interface ImportJob {
  /** The shop's database file. */
  path: string;
  /** The feed: a file path or an http(s) URL, opened by the worker. */
  location: string;
  /** Where the feed may come from and how large it may be (plain data: it crosses to the worker). */
  policy: FeedFetchPolicy;
  format: 'yml' | 'csv';
  stepOffers: number;
  stepMs: number;
  /** The longest the worker waits for the main thread's answer after a step; null: until it comes. */
  pauseMs: number | null;
}

/**
 * The longest pause between two steps. An engine commit that finds a step under way waits in
 * SQLite's busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms
 * between tries, and cannot answer the worker meanwhile: a pause of 100 ms spans one of its tries
 * however long it has waited, so it gets the lock then. A shorter pause (25 ms, measured) let a
 * commit that had waited past its first tries miss pause after pause: p99 885 ms while writing.
 */
const maxPauseMs = 100;

/** What the import worker tells the main thread. */
export type WorkerMessage =
  | { type: 'step'; step: ImportStep; threadId: number; seq: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'refused'; problem: FeedProblem }
  | { type: 'failed'; message: string };

/** Options of {@link importInWorker}. */
export interface WorkerImportOptions {
  /** Called on the main thread after each step the worker committed, with the worker's thread id. */
  onStep?: (step: ImportStep, threadId: number) => void | Promise<void>;
  /** The worker waits for `onStep` to settle after each step, however long (tests look at the catalog then). */
  holdBetweenSteps?: boolean;
  stepOffers?: number;
  stepMs?: number;
}

/**
 * Imports a feed into the database file at `path` on a worker thread with its own connection, so
 * parsing a 100,000-offer feed and writing it never stop the event loop. The worker writes in
 * short steps and, after each, waits for this thread's answer, sent from the loop after the
 * commits already queued on it, or {@link maxPauseMs} when the loop is busy: either way the
 * engine's commits get the write lock between two steps instead of starving behind the import,
 * and an idle shop syncs at full speed. Rejects with
 * {@link FeedError} when the feed is refused (nothing written).
 */
export function importInWorker(path: string, location: string, policy: FeedFetchPolicy, format: 'yml' | 'csv', options: WorkerImportOptions = {}): Promise<ImportReport> {
  const job: ImportJob = {
    path,
    location,
    policy,
    format,
    stepOffers: options.stepOffers ?? defaultStepOffers,
    stepMs: options.stepMs ?? defaultStepMs,
    pauseMs: options.holdBetweenSteps ? null : maxPauseMs,
  };
  const worker = startWorkerThread(import.meta.url, 'import-worker', job);
  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'step') {
        const answer = async () => {
          try {
            await options.onStep?.(message.step, message.threadId);
          } finally {
            worker.postMessage({ type: 'continue', step: message.seq });
          }
        };
        // setImmediate: after the engine's commit batch already scheduled for this turn of the loop.
        setImmediate(() => void answer().catch(() => undefined));
      } else if (message.type === 'done') settle(() => resolve(message.report));
      else if (message.type === 'refused') settle(() => reject(new FeedError(message.problem)));
      else settle(() => reject(new Error(`catalog import failed: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`catalog import worker stopped (exit code ${code})`))));
  });
}

import { startWorkerThread } from '../../shared/worker-thread.js';
import { defaultStepMs, defaultStepOffers, type ImportStep } from './catalog-import.js';
import { FeedError, type FeedProblem, type ImportReport } from './feed-types.js';

/** What the import worker is asked to do (its `workerData`). */
export interface ImportJob {
  /** The shop's database file. */
  path: string;
  /** The feed: a file path or an http(s) URL, opened by the worker. */
  location: string;
  format: 'yml' | 'csv';
  stepOffers: number;
  stepMs: number;
  /** The longest the worker waits for the main thread's answer after a step; null: until it comes. */
  pauseMs: number | null;
}

/**
 * The longest pause between two steps. An engine commit that finds a step under way waits in
 * SQLite's busy handler, which retries after 1, 2, 5, 10, 15, 20 and then 25 ms: a pause of 25 ms
 * after a step of about 10 ms always spans one of its retries, so the commit gets the lock then,
 * even when the main thread is too busy to answer (it cannot while it waits for the lock).
 */
const maxPauseMs = 25;

/** What the import worker tells the main thread. */
export type WorkerMessage =
  | { type: 'step'; step: ImportStep; threadId: number }
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
export function importInWorker(path: string, location: string, format: 'yml' | 'csv', options: WorkerImportOptions = {}): Promise<ImportReport> {
  const job: ImportJob = {
    path,
    location,
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
            worker.postMessage({ type: 'continue' });
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

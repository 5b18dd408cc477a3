/**
 * The import worker's entry (see import-runner.ts): reads and checks the feed, then writes the
 * catalog in short steps on its own connection to the shop's database file. After each step it
 * tells the main thread and waits for its answer, or `pauseMs` at most (see import-runner.ts).
 *
 * @module
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../../db/client.js';
import { mapIntoMemory } from '../../db/memory-map.js';
import * as schema from '../../db/schema.js';
import { importCatalog } from './catalog-import.js';
import { readCsv } from './csv-reader.js';
import { openFeed } from './feed-source.js';
import { FeedError } from './feed-types.js';
import { readYml } from './yml-reader.js';
import type { ImportJob, WorkerMessage } from './import-runner.js';

const job = workerData as ImportJob;
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

let resume: () => void = () => undefined;
/** The step the worker waits after: an answer to an earlier step (late, the pause already over) must not cut this pause short. */
let waitingAfter = 0;
port.on('message', (message: { type: 'continue'; step: number }) => {
  if (message.type === 'continue' && message.step === waitingAfter) resume();
});

const sqlite = new Database(job.path, { fileMustExist: true });
let outcome: WorkerMessage;
try {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Waits out the engine's commits (a few milliseconds each) rather than fail a step.
  sqlite.pragma('busy_timeout = 30000');
  mapIntoMemory(sqlite);
  const db = drizzle(sqlite, { schema }) as unknown as Db;
  const report = await importCatalog(db, await openFeed(job.location, job.policy), job.format === 'csv' ? readCsv : readYml, {
    stepOffers: job.stepOffers,
    stepMs: job.stepMs,
    between: (step) =>
      new Promise<void>((resolve) => {
        const timer = job.pauseMs === null ? undefined : setTimeout(resolve, job.pauseMs);
        resume = () => {
          clearTimeout(timer);
          resolve();
        };
        post({ type: 'step', step, threadId, seq: ++waitingAfter });
      }),
  });
  outcome = { type: 'done', report };
} catch (error) {
  if (error instanceof FeedError) outcome = { type: 'refused', problem: error.problem };
  else outcome = { type: 'failed', message: error instanceof Error ? error.message : String(error) };
}
// Closed before the answer: a process that exits once it has the report (the CLI) must not
// leave this connection open, or the log's last pages would not be copied into the database.
sqlite.close();
post(outcome);
// Nothing else keeps the worker alive once the import is over.
port.unref();

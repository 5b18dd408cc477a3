/**
 * The WAL checkpoint worker's entry (see wal-checkpoints.ts): its own connection to the database
 * file copies committed pages from the write-ahead log into the database every `intervalMs`, and
 * tells the main thread once the log is long enough to be worth starting over.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { zeroFreedBytes } from './secure-delete.js';

const { path, intervalMs, restartFrames } = workerData as { path: string; intervalMs: number; restartFrames: number };
const sqlite = new Database(path, { fileMustExist: true });
zeroFreedBytes(sqlite);
/** True from telling the main thread the log is long until it has started the log over. */
let handedOver = false;
/** Passes failed in a row; past `giveUpAfter` the worker ends and the main connection checkpoints again. */
let failures = 0;
const giveUpAfter = 50;

parentPort!.on('message', (message: { type: 'restarted' }) => {
  if (message.type === 'restarted') handedOver = false;
});

parentPort!.postMessage({ type: 'ready' });

setInterval(() => {
  // No pass while the main thread restarts the log: a pass in progress would keep it from doing so.
  if (handedOver) return;
  try {
    // PASSIVE never waits: it copies what no reader still needs and leaves the rest for the next pass.
    const [pass] = sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    failures = 0;
    if (pass && pass.log >= restartFrames) {
      handedOver = true;
      parentPort!.postMessage({ type: 'long-log' });
    }
  } catch (error) {
    // Told once per run of failures, not ten times a second.
    if (failures++ === 0) parentPort!.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    if (failures >= giveUpAfter) process.exit(1);
  }
}, intervalMs);

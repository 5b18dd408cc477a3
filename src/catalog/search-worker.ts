/**
 * The search worker's entry (see search-runner.ts): its own read-only connection to the shop's
 * database file, answering one message per search (and message 0 once the connection is open).
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { mapIntoMemory } from '../db/memory-map.js';
import { zeroFreedBytes } from '../db/secure-delete.js';
import { createFindHits, type SearchRequest } from './search-hits.js';

const { path } = workerData as { path: string };
const sqlite = new Database(path, { readonly: true, fileMustExist: true });
// A checkpoint or an import can hold the file briefly; wait rather than fail the search.
sqlite.pragma('busy_timeout = 5000');
zeroFreedBytes(sqlite);
mapIntoMemory(sqlite);
const findHits = createFindHits(drizzle(sqlite));

parentPort!.postMessage({ id: 0 });

parentPort!.on('message', ({ id, request }: { id: number; request: SearchRequest }) => {
  try {
    parentPort!.postMessage({ id, hits: findHits(request) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

import type { Logger } from '../shared/logger.js';
import { startWorkerThread } from '../shared/worker-thread.js';
import type { SearchHits, SearchRequest } from './search-hits.js';

/**
 * Runs searches on a worker thread with its own read-only connection. Ranking every match of a
 * broad query ("кеды" matches a thousand products) takes SQLite 1–2 ms, a quarter of the event
 * loop's time under load; on the worker it runs on the other core while the loop serves others.
 */
export interface SearchRunner {
  /** False until the worker has opened the database, and once it has failed or stopped: search on the loop meanwhile. */
  available(): boolean;
  /** The search's page; rejects when the worker failed, and the caller then searches itself. */
  find(request: SearchRequest): Promise<SearchHits>;
  /** Settles once the worker has opened the database (or failed to). */
  ready: Promise<void>;
  /** Stops the worker; searches still waiting are rejected. */
  close(): Promise<void>;
}

/** The search worker could not answer. */
export class SearchWorkerError extends Error {
  override name = 'SearchWorkerError';
}

type Pending = { resolve: (hits: SearchHits) => void; reject: (error: Error) => void };
type Answer = { id: number; hits?: SearchHits; error?: string };

/**
 * Starts the search worker over the database file at `path` (a file: an in-memory database has no
 * second connection). A worker that dies is not restarted: every later search runs on the loop.
 */
export function createSearchWorker(deps: { path: string; logger: Logger }): SearchRunner {
  const worker = startWorkerThread(import.meta.url, 'search-worker', { path: deps.path });
  // An idle worker never keeps the process alive; one with searches to answer does.
  worker.unref();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: Error | undefined;
  let opened = false;
  let started: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (started = resolve));

  function fail(error: Error): void {
    started();
    gone ??= error;
    for (const waiting of pending.values()) waiting.reject(gone);
    pending.clear();
  }

  worker.on('message', ({ id, hits, error }: Answer) => {
    if (id === 0) {
      opened = true;
      return started();
    }
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    if (hits) waiting.resolve(hits);
    else waiting.reject(new SearchWorkerError(error ?? 'search failed'));
  });
  worker.on('error', (error) => {
    deps.logger.warn({ err: error }, 'search worker failed; searches run on the main thread from now on');
    fail(new SearchWorkerError(`search worker failed: ${error.message}`));
  });
  worker.on('exit', () => fail(new SearchWorkerError('search worker stopped')));

  return {
    ready,
    available: () => opened && !gone,
    find(request) {
      if (gone) return Promise.reject(gone);
      const id = nextId++;
      return new Promise<SearchHits>((resolve, reject) => {
        if (pending.size === 0) worker.ref();
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, request });
      });
    },
    async close() {
      fail(new SearchWorkerError('search worker stopped'));
      await worker.terminate();
    },
  };
}

import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module next to the caller, given as `import.meta.url` and the
 * module's name without extension. Under tsx (npm start, the tests) a worker does not inherit the
 * TypeScript loader, so the worker loads it first and then the `.ts` module; compiled code starts
 * the `.js` module directly. tsx is found from this file, not from the working directory, so a
 * shop started from elsewhere still gets its workers.
 */
export function startWorkerThread(callerUrl: string, moduleName: string, workerData: unknown): Worker {
  const typescript = callerUrl.endsWith('.ts');
  const entry = new URL(`./${moduleName}${typescript ? '.ts' : '.js'}`, callerUrl);
  if (!typescript) return new Worker(entry, { workerData });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const href = JSON.stringify(entry.href);
  return new Worker(`import(${tsx}).then(({ tsImport }) => tsImport(${href}, ${href}))`, { eval: true, workerData });
}

/**
 * Runs a TypeScript module of the bench in a child Node process (through the same tsx loader as
 * the parent) and collects the one message it sends back.
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Options of {@link runChild}. */
export interface ChildOptions {
  /** Extra Node flags, e.g. `--expose-gc`. */
  nodeFlags?: string[];
  /** Killed after this long (10 minutes by default). */
  timeoutMs?: number;
}

/** Starts a bench module (path relative to `bench/`) as a child process with IPC. */
export function startChild(module: string, args: string[], opts: ChildOptions = {}): ChildProcess {
  const path = fileURLToPath(new URL(`../${module}`, import.meta.url));
  return fork(path, args, {
    execArgv: [...process.execArgv, ...(opts.nodeFlags ?? [])],
    // stdout of children goes to stderr: the parent's stdout carries only the results table.
    stdio: ['ignore', process.stderr, process.stderr, 'ipc'],
  });
}

/**
 * Runs a child to completion and resolves with the last message it sent; rejects if it exits
 * without one, with a non-zero code, or runs over `timeoutMs` (10 minutes by default).
 */
export function runChild<T>(module: string, args: string[], opts: ChildOptions = {}): Promise<T> {
  const child = startChild(module, args, opts);
  return new Promise<T>((resolve, reject) => {
    let result: { value: T } | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${module} ran over ${opts.timeoutMs ?? 600_000} ms`));
    }, opts.timeoutMs ?? 600_000);
    child.on('message', (message) => {
      const m = message as { error?: string; value?: T };
      if (m.error) reject(new Error(`${module}: ${m.error}`));
      else result = { value: m.value as T };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result && code === 0) resolve(result.value);
      else reject(new Error(`${module} exited with ${signal ?? code} without a result`));
    });
  });
}

/**
 * In a child: sends the result (or the failure) to the parent, then exits. Started by hand (no
 * IPC channel, e.g. under `node --cpu-prof`), it prints the result as JSON to stdout instead.
 */
export async function reply<T>(work: () => Promise<T>): Promise<void> {
  const send = (message: { value?: T; error?: string }, code: number) => {
    if (process.send) process.send(message, () => process.exit(code));
    else {
      process.stdout.write(`${JSON.stringify(message, null, 2)}\n`);
      process.exitCode = code;
    }
  };
  try {
    send({ value: await work() }, 0);
  } catch (error) {
    send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1);
  }
}

/**
 * `npm run bench [-- <name>…] [--work-dir <dir>] [--keep]`: runs the benchmarks (all, or the
 * named ones), each in its own child process, prints the results table to stdout (progress goes
 * to stderr) and writes everything to `bench/results/<ISO timestamp>.json`.
 *
 * Generated data (the YML feed, the imported catalog) lives in a temporary work directory that
 * is removed at the end unless `--keep` is given or `--work-dir` names an existing one to reuse.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { benchmarks } from './benchmarks.js';
import { runChild } from './support/child-process.js';
import type { BenchmarkResult, ResultRow } from './support/result.js';

interface Options {
  names: string[];
  workDir?: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Options | undefined {
  const options: Options = { names: [], keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return undefined;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--work-dir') options.workDir = argv[++i];
    else options.names.push(arg);
  }
  return options;
}

function usage(): string {
  return [
    'usage: npm run bench [-- <name>…] [--work-dir <dir>] [--keep]',
    '',
    ...benchmarks.map((b) => `  ${b.name.padEnd(12)} ${b.description}`),
    '',
    '  --work-dir <dir>  keep generated data (feed, catalog) in <dir> and reuse it on the next run',
    '  --keep            do not delete the temporary work directory',
  ].join('\n');
}

/** Wraps text to lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** The results as an aligned text table. */
export function formatTable(rows: ResultRow[]): string {
  const header = ['Benchmark', 'Setup', 'Figure', 'Target', 'Result'];
  const setupWidth = 64;
  const cells = rows.map((r) => [r.benchmark, wrap(r.setup, setupWidth), r.figure, r.target || '—', r.pass === null ? 'info' : r.pass ? 'PASS' : 'MISS'] as const);
  const width = (i: number) => Math.max(header[i]!.length, ...cells.map((c) => (i === 1 ? Math.max(...(c[1] as string[]).map((l) => l.length)) : (c[i] as string).length)));
  const widths = header.map((_, i) => width(i));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join(' │ ').trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─')];
  for (const c of cells) {
    const setup = c[1] as string[];
    for (const [i, s] of setup.entries()) out.push(line(i === 0 ? [c[0], s, c[2], c[3], c[4]] : ['', s, '', '', '']));
  }
  return out.join('\n');
}

/** The share of all CPUs' time spent busy (by any process) over the next `ms` milliseconds. */
async function machineBusy(ms: number): Promise<number> {
  const total = () => cpus().reduce((t, c) => ({ idle: t.idle + c.times.idle, all: t.all + c.times.idle + c.times.user + c.times.nice + c.times.sys + c.times.irq }), { idle: 0, all: 0 });
  const before = total();
  await new Promise((r) => setTimeout(r, ms));
  const after = total();
  return 1 - (after.idle - before.idle) / Math.max(1, after.all - before.all);
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const unknown = options.names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(`unknown benchmark: ${unknown.join(', ')}\n${usage()}\n`);
    return 2;
  }
  const selected = options.names.length ? benchmarks.filter((b) => options.names.includes(b.name)) : benchmarks;
  const reuse = Boolean(options.workDir);
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'sarafan-bench-'));
  mkdirSync(workDir, { recursive: true });
  const startedAt = new Date();
  process.stderr.write(`bench: ${selected.map((b) => b.name).join(', ')}; data in ${workDir}\n`);

  const results: BenchmarkResult[] = [];
  const failures: Array<{ name: string; error: string }> = [];
  // Other work on the machine skews every figure: how busy it was just before each benchmark is recorded.
  const busyBefore: Record<string, number> = {};
  for (const benchmark of selected) {
    const busy = await machineBusy(1000);
    busyBefore[benchmark.name] = busy;
    if (busy > 0.1) process.stderr.write(`bench: warning: the CPUs were ${Math.round(busy * 100)}% busy before ${benchmark.name}; something else is running\n`);
    try {
      // --expose-gc: the memory benchmark collects garbage before reading its baseline.
      results.push(await runChild<BenchmarkResult>('support/bench-child.ts', [benchmark.name, workDir], { nodeFlags: ['--expose-gc'] }));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      process.stderr.write(`bench: ${benchmark.name} failed: ${text}\n`);
      failures.push({ name: benchmark.name, error: text });
    }
  }

  const rows = results.flatMap((r) => r.rows);
  process.stdout.write(`\n${formatTable(rows)}\n`);
  for (const f of failures) process.stdout.write(`\n${f.name}: FAILED (${f.error.split('\n')[0]})\n`);

  const cpuList = cpus();
  const sqlite = new Database(':memory:');
  const machine = {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryBytes: totalmem(),
    platform: `${platform()} ${release()}`,
    node: process.version,
    sqlite: (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v,
  };
  sqlite.close();
  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  // ISO 8601 with the colons replaced: file names with ':' are not portable.
  const file = join(resultsDir, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, cpuBusyBefore: busyBefore, benchmarks: results, failures }, null, 2)}\n`);
  process.stdout.write(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}\nresults: ${file}\n`);

  if (!reuse && !options.keep) rmSync(workDir, { recursive: true, force: true });
  return failures.length ? 1 : 0;
}

process.exitCode = await main();

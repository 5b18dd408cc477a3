/**
 * Child process running one benchmark, so each starts from a fresh heap and its memory figures
 * are its own. Usage: `bench-child.ts <name> <work dir>`.
 *
 * @module
 */
import { benchmarks } from '../benchmarks.js';
import { reply } from './child-process.js';
import type { BenchmarkResult } from './result.js';

const [name, workDir] = process.argv.slice(2);
await reply<BenchmarkResult>(async () => {
  const benchmark = benchmarks.find((b) => b.name === name);
  if (!benchmark || !workDir) throw new Error(`usage: bench-child.ts <${benchmarks.map((b) => b.name).join('|')}> <work dir>`);
  const start = Date.now();
  const result = await benchmark.run({ workDir, log: (m) => process.stderr.write(`[${name}] ${m}\n`) });
  return { name: benchmark.name, ...result, durationMs: Date.now() - start };
});

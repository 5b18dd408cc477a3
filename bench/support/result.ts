/**
 * What a benchmark reports: table rows (one per figure with a target) and free-form details for
 * the JSON file.
 *
 * @module
 */

/** One figure of the results table. */
export interface ResultRow {
  /** The benchmark's name, e.g. `engine`. */
  benchmark: string;
  /** What was measured and how, in a few words. */
  setup: string;
  /** The figure as printed, e.g. `4 210 events/s`. */
  figure: string;
  /** The target as printed, e.g. `≥ 3 000 events/s`; empty for an informational row. */
  target: string;
  /** Whether the target was met; null for an informational row. */
  pass: boolean | null;
  /** The number behind `figure`, for the JSON file. */
  value: number;
  unit: string;
}

/** A finished benchmark. */
export interface BenchmarkResult {
  name: string;
  rows: ResultRow[];
  /** Raw figures (percentiles, timings of parts) for the JSON file. */
  details: Record<string, unknown>;
  durationMs: number;
}

/** A benchmark: runs in its own process with a shared work directory for generated data. */
export interface Benchmark {
  name: string;
  /** One line of what it measures, for `--help`. */
  description: string;
  run(ctx: BenchContext): Promise<Omit<BenchmarkResult, 'name' | 'durationMs'>>;
}

/** What every benchmark gets. */
export interface BenchContext {
  /** A temporary directory shared by the benchmarks of one run (the feed and imported catalog live there). */
  workDir: string;
  /** Progress lines go to stderr, so stdout carries only the table. */
  log(message: string): void;
}

/** Formats a number with thin groups, e.g. `12 345`. */
export function groups(value: number, digits = 0): string {
  return value.toLocaleString('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace(/\u00a0/g, ' ');
}

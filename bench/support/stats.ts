/**
 * Latency statistics: percentiles over recorded samples, in milliseconds.
 *
 * @module
 */

/** Percentiles of a set of latencies, milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The `q`-quantile (0..1) of ascending-sorted values, nearest-rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Summarises latencies given in milliseconds. */
export function summarize(samples: number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    count: sorted.length,
    mean: round(sum / Math.max(1, sorted.length)),
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
  };
}

/** Milliseconds between two `process.hrtime.bigint()` readings. */
export const elapsedMs = (from: bigint, to: bigint = process.hrtime.bigint()): number => Number(to - from) / 1e6;

/** Formats milliseconds for the table. */
export const ms = (value: number): string => `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;

/** Megabytes (2^20 bytes) of a byte count. */
export const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

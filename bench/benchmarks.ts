/**
 * Every benchmark of `npm run bench`, in the order a full run takes them: the import first (its
 * catalog database is what the engine, search and Telegram benchmarks then copy).
 *
 * @module
 */
import { catalogSearchBenchmark } from './catalog-search.js';
import { engineBenchmark } from './engine-throughput.js';
import { storefrontMemoryBenchmark } from './storefront-memory.js';
import { syncLatencyBenchmark } from './sync-latency.js';
import type { Benchmark } from './support/result.js';
import { telegramStackBenchmark } from './telegram-stack.js';
import { ymlImportBenchmark } from './yml-import.js';

/** The benchmarks by name. */
export const benchmarks: readonly Benchmark[] = [ymlImportBenchmark, engineBenchmark, catalogSearchBenchmark, telegramStackBenchmark, storefrontMemoryBenchmark, syncLatencyBenchmark];

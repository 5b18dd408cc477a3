/**
 * Benchmark 6 (`sync`): buyers' event latency while the warehouse feed re-syncs. The engine runs
 * as main.ts wires it (searches and WAL checkpoints on worker threads) over a copy of the
 * 100,000-variant catalog; buyers doing whole journeys offer a steady rate of events; meanwhile
 * the 100,000-offer feed re-syncs with `importFeed` (the call the periodic sync and `/import`
 * make), a changed copy of it: every offer's stock moved, every tenth price raised, every 200th
 * offer gone. Latency counts from when each event was due; the events due while the sync ran are
 * the figure. The same rate without a sync first, for comparison.
 *
 * @module
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { importFeed } from '../src/catalog/import/feed-import.js';
import { operatorFeedPolicy } from '../src/catalog/import/feed-source.js';
import type { ImportReport } from '../src/catalog/import/feed-types.js';
import { ensureSearchIndex } from '../src/catalog/search-index.js';
import { createSearchWorker } from '../src/catalog/search-runner.js';
import { openDatabase } from '../src/db/client.js';
import { startWalCheckpoints } from '../src/db/wal-checkpoints.js';
import { createEngine } from '../src/engine/engine.js';
import { createI18n } from '../src/shared/i18n.js';
import { ensureDefaultStorefront } from '../src/storefronts/storefront-service.js';
import { JourneyError, JourneyStopped, runJourney } from './support/buyer-journey.js';
import { copyCatalog, ensureFeed } from './support/catalog-fixture.js';
import { createRandom } from './support/random.js';
import { groups, type Benchmark, type ResultRow } from './support/result.js';
import { elapsedMs, ms, summarize } from './support/stats.js';

/** The target: p99 of buyers' events while a sync runs, ms. */
export const targetP99Ms = 250;
/** Events per second the buyers offer, and how many conversations at a time offer them. */
const offeredRate = 200;
const conversations = 200;
/** The buyers' load runs this long before the sync starts, and alone for the comparison. */
const leadMs = 3_000;
const aloneMs = 10_000;

/** Writes the re-sync's feed next to `source`: stock moved, some prices raised, some offers gone. */
async function writeChangedFeed(source: string): Promise<string> {
  const target = source.replace(/\.xml$/, '-resync.xml');
  if (existsSync(target)) return target;
  const out = createWriteStream(target);
  let offer = 0;
  for await (const line of createInterface({ input: createReadStream(source), crlfDelay: Infinity })) {
    let text = line;
    if (line.startsWith('<offer ')) {
      offer++;
      if (offer % 200 === 0) continue;
      text = text.replace(/<count>(\d+)<\/count>/, (_, n: string) => `<count>${(Number(n) + 3) % 16}</count>`);
      if (offer % 10 === 0) text = text.replace(/<price>(\d+)\.(\d\d)<\/price>/, (_, r: string, k: string) => `<price>${Number(r) + 50}.${k}</price>`);
    }
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return target;
}

/** The sync benchmark. */
export const syncLatencyBenchmark: Benchmark = {
  name: 'sync',
  description: "buyers' event latency while a 100,000-offer feed re-syncs (p99 target 250 ms)",
  async run(ctx) {
    const feed = await ensureFeed(ctx);
    const changed = await writeChangedFeed(feed.path);
    const path = await copyCatalog(ctx, 'sync');
    const db = openDatabase(path);
    ensureSearchIndex(db);
    const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
    const logger = pino({ level: 'silent' });
    const searcher = createSearchWorker({ path, logger });
    const checkpoints = startWalCheckpoints(db, { path, logger });
    await Promise.all([searcher.ready, checkpoints.ready]);
    // The main thread's own WAL checkpoints (wal-checkpoints.ts hands it one when the log is long): timed, as they stall the loop.
    const checkpointMs: Array<{ at: number; ms: number }> = [];
    const pragma = db.$client.pragma.bind(db.$client);
    db.$client.pragma = ((source: string, options?: { simple?: boolean }) => {
      if (!source.startsWith('wal_checkpoint')) return pragma(source, options);
      const at = elapsedMs(0n);
      try {
        return pragma(source, options);
      } finally {
        checkpointMs.push({ at, ms: elapsedMs(0n) - at });
      }
    }) as typeof db.$client.pragma;
    const engine = createEngine({ db, i18n: createI18n(), logger, searcher, phoneRegion: 'RU' });

    /** Journeys ended by a size selling out under the buyer, all phases. */
    let cutShort = 0;
    /** Runs the buyers until `until` settles; returns each event's due time and latency. */
    async function offerLoad(name: string, firstUser: number, until: Promise<unknown>): Promise<Array<{ due: number; latency: number }>> {
      const events: Array<{ due: number; latency: number }> = [];
      let stopped = false;
      void until.finally(() => (stopped = true));
      const meanThinkMs = (conversations / offeredRate) * 1000;
      const buyer = async (i: number) => {
        for (let round = 0; !stopped; round++) {
          const rnd = createRandom(firstUser + round * conversations + i);
          let first = round === 0;
          const think = () => {
            if (stopped) return Promise.reject(new JourneyStopped());
            const wait = first ? rnd.next() * 1000 : rnd.exponential(meanThinkMs);
            first = false;
            const due = process.hrtime.bigint() + BigInt(Math.round(wait * 1e6));
            return new Promise<bigint>((resolve) => setTimeout(() => resolve(due), wait));
          };
          const record = (_kind: string, latency: number) => events.push({ due: elapsedMs(0n) - latency, latency });
          try {
            await runJourney({ engine, storefrontId: storefront.id, userId: String(firstUser + round * conversations + i), rnd, record, think, eventPrefix: name });
          } catch (error) {
            // The sync moved stock under the buyer (the size they tapped sold out meanwhile): the
            // engine said so, and the journey has no script for it; a new buyer takes over.
            if (error instanceof JourneyError) cutShort++;
            else if (!(error instanceof JourneyStopped)) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: conversations }, (_, i) => buyer(i)));
      return events;
    }
    const sleep = (waitMs: number) => new Promise((resolve) => setTimeout(resolve, waitMs));

    ctx.log(`${offeredRate} events/s offered by ${conversations} buyers for ${aloneMs / 1000} s, no sync`);
    const alone = summarize((await offerLoad('alone', 1_000_000, sleep(aloneMs))).map((e) => e.latency));
    ctx.log(`no sync: p99 ${alone.p99} ms; the same load with a re-sync of ${changed} after ${leadMs / 1000} s`);
    let syncStart = 0;
    let syncEnd = 0;
    let report: ImportReport | undefined;
    /** How long each of the import's steps held the write lock, ms. */
    const holds: number[] = [];
    /** When the first write step committed: the feed was read and checked before it. */
    let firstStep = 0;
    const sync = sleep(leadMs).then(async () => {
      syncStart = elapsedMs(0n);
      report = await importFeed(db, changed, operatorFeedPolicy(Number.MAX_SAFE_INTEGER), undefined, {
        onStep: (step) => {
          firstStep ||= elapsedMs(0n);
          holds.push(step.ms);
        },
      });
      syncEnd = elapsedMs(0n);
    });
    const events = await offerLoad('sync', 2_000_000, sync.then(() => sleep(500)));
    const during = events.filter((e) => e.due >= syncStart && e.due <= syncEnd);
    const latency = summarize(during.map((e) => e.latency));
    const syncMs = syncEnd - syncStart;
    const held = summarize(holds);
    const reading = summarize(during.filter((e) => e.due < firstStep).map((e) => e.latency));
    const writing = summarize(during.filter((e) => e.due >= firstStep).map((e) => e.latency));
    const mainCheckpoints = summarize(checkpointMs.filter((c) => c.at >= syncStart && c.at <= syncEnd).map((c) => c.ms));
    ctx.log(`reading the feed ${((firstStep - syncStart) / 1000).toFixed(1)} s: p99 ${reading.p99} ms; writing: p99 ${writing.p99} ms; main-thread checkpoints meanwhile: ${JSON.stringify(mainCheckpoints)}`);
    ctx.log(`sync: ${(syncMs / 1000).toFixed(1)} s, ${during.length} events due meanwhile, p99 ${latency.p99} ms; ${JSON.stringify({ ...report, rejected: report?.rejected.length })}`);
    await searcher.close();
    await checkpoints.stop();
    db.$client.close();

    const setup = `${groups(feed.offers)}-offer feed re-synced by importFeed (stock of every offer, every 10th price, every 200th offer gone) over the 100k-variant catalog, file DB (WAL); buyers' journeys offering ${groups(offeredRate)} events/s`;
    const rows: ResultRow[] = [
      {
        benchmark: 'sync',
        setup: `event latency during a sync: p50 / p95 / p99 of the ${groups(during.length)} events due while it ran, from when each was due; ${setup}`,
        figure: `${ms(latency.p50)} / ${ms(latency.p95)} / ${ms(latency.p99)}`,
        target: `p99 ≤ ${targetP99Ms} ms`,
        pass: latency.p99 <= targetP99Ms,
        value: latency.p99,
        unit: 'ms',
      },
      {
        benchmark: 'sync',
        setup: `the same events split: while the worker read and checked the feed (${((firstStep - syncStart) / 1000).toFixed(1)} s, nothing written yet) / while it wrote: p99 each`,
        figure: `${ms(reading.p99)} / ${ms(writing.p99)}`,
        target: '',
        pass: null,
        value: writing.p99,
        unit: 'ms',
      },
      {
        benchmark: 'sync',
        setup: `the sync's wall time with the buyers' load running (${report ? `${groups(report.updated)} changed, ${groups(report.unchanged)} unchanged, ${groups(report.hidden)} hidden` : 'no report'})`,
        figure: `${(syncMs / 1000).toFixed(1)} s`,
        target: '',
        pass: null,
        value: syncMs / 1000,
        unit: 's',
      },
      {
        benchmark: 'sync',
        setup: `the sync's ${groups(held.count)} write steps: p50 / p99 / max time one held the write lock (a buyer's commit that finds one under way waits for the rest of it)`,
        figure: `${ms(held.p50)} / ${ms(held.p99)} / ${ms(held.max)}`,
        target: '',
        pass: null,
        value: held.max,
        unit: 'ms',
      },
      {
        benchmark: 'sync',
        setup: `the same load without a sync, ${aloneMs / 1000} s: p50 / p95 / p99 per event`,
        figure: `${ms(alone.p50)} / ${ms(alone.p95)} / ${ms(alone.p99)}`,
        target: '',
        pass: null,
        value: alone.p99,
        unit: 'ms',
      },
    ];
    return { rows, details: { offeredRate, conversations, alone, during: latency, reading, writing, readingMs: firstStep - syncStart, mainCheckpoints, syncMs, held, cutShort, report: report && { ...report, rejected: report.rejected.length } } };
  },
};

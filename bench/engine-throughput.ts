/**
 * Benchmark 1 (`engine`): the conversation engine alone on a file database (WAL, temp dir)
 * holding the 100,000-variant catalog imported from the generated feed, driven by buyers doing
 * whole journeys (browse, card, search, cart, checkout, confirm; see support/buyer-journey.ts).
 *
 * Phases over the same database, after a short warm-up:
 * - service time: 50 journeys one after another, nothing else running → what one event costs;
 * - saturation: 1,000 conversations at once, no pauses, run to the end → events/s sustained;
 * - latency at load: 1,000 conversations at a time with exponential think times offering the
 *   target rate (3,000 events/s) for 15 s, a new buyer taking over whenever a journey ends →
 *   p50/p95/p99 per event from when each was due, so queueing behind other buyers (and behind a
 *   busy event loop) is included;
 * - the same at half the rate the saturation phase sustained: the latency a buyer meets while
 *   the engine keeps up.
 *
 * @module
 */
import { count } from 'drizzle-orm';
import { pino } from 'pino';
import { ensureSearchIndex } from '../src/catalog/search-index.js';
import { createSearchWorker } from '../src/catalog/search-runner.js';
import { openDatabase } from '../src/db/client.js';
import { startWalCheckpoints } from '../src/db/wal-checkpoints.js';
import { orders } from '../src/db/schema.js';
import { createEngine } from '../src/engine/engine.js';
import { createI18n } from '../src/shared/i18n.js';
import { ensureDefaultStorefront } from '../src/storefronts/storefront-service.js';
import { JourneyStopped, runJourney, type EventKind } from './support/buyer-journey.js';
import { copyCatalog } from './support/catalog-fixture.js';
import { createRandom, type Random } from './support/random.js';
import { groups, type Benchmark, type ResultRow } from './support/result.js';
import { elapsedMs, ms, summarize, type LatencySummary } from './support/stats.js';

/** Concurrent conversations of the saturation and load phases. */
export const conversations = 1_000;
/** The throughput target, events/s; also the rate the load phase offers. */
export const targetEventsPerSecond = 3_000;
/** The latency target: p99 per event, ms. */
export const targetP99Ms = 10;
/** Journeys of the service-time phase. */
const serviceJourneys = 50;
/** The saturation phase stops starting events after this long (a safety net; normally it ends first). */
const saturationCapMs = 300_000;
/** How long the load phase offers events. */
const loadDurationMs = 15_000;

/** What one phase measured. */
export interface PhaseResult {
  events: number;
  wallMs: number;
  eventsPerSecond: number;
  latency: LatencySummary;
  byKind: Record<string, LatencySummary>;
  ordersPlaced: number;
  /** Journeys that ended without an order (stopped by the clock, or every try sold out). */
  unfinished: number;
}

/** How a phase paces each buyer: a function giving the buyer's `think` step for one journey (`round` 0 is their first). */
type Pacing = (rnd: Random, deadline: number, round: number) => () => Promise<bigint | void>;

const noPause: Pacing = (_rnd, deadline) => () => (Date.now() > deadline ? Promise.reject(new JourneyStopped()) : Promise.resolve());

/** The engine benchmark. */
export const engineBenchmark: Benchmark = {
  name: 'engine',
  description: 'engine alone, file DB (WAL), 100k variants, 1,000 concurrent buyer journeys: events/s and latency per event',
  async run(ctx) {
    const path = await copyCatalog(ctx, 'engine');
    const db = openDatabase(path);
    ensureSearchIndex(db);
    const i18n = createI18n();
    const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
    // As main.ts wires it (searches and WAL checkpoints on worker threads), minus the messengers: notifications go nowhere, logs are silenced.
    const logger = pino({ level: 'silent' });
    const searcher = createSearchWorker({ path, logger });
    const checkpoints = startWalCheckpoints(db, { path, logger });
    const engine = createEngine({ db, i18n, logger, searcher, phoneRegion: 'RU' });
    const orderCount = () => db.select({ n: count() }).from(orders).get()!.n;

    /**
     * Runs `users` journeys (concurrently or one after another). With `repeat`, each of the buyers
     * starts another journey (as a new buyer) when one ends, until the phase's time is up, so a
     * paced phase keeps offering its rate to the end instead of running out of journeys.
     */
    async function phase(name: string, users: number, firstUser: number, concurrent: boolean, pacing: Pacing, limitMs: number, repeat = false): Promise<PhaseResult> {
      const all: number[] = [];
      const byKind = new Map<EventKind, number[]>();
      const record = (kind: EventKind, latency: number) => {
        all.push(latency);
        let list = byKind.get(kind);
        if (!list) byKind.set(kind, (list = []));
        list.push(latency);
      };
      const before = orderCount();
      const deadline = Date.now() + limitMs;
      let unfinished = 0;
      const journey = async (i: number) => {
        for (let round = 0; round === 0 || repeat; round++) {
          const user = firstUser + round * users + i;
          const rnd = createRandom(user);
          try {
            const outcome = await runJourney({ engine, storefrontId: storefront.id, userId: String(user), rnd, record, think: pacing(rnd, deadline, round), eventPrefix: name });
            if (!outcome.ordered) unfinished++;
          } catch (error) {
            if (!(error instanceof JourneyStopped)) throw error;
            unfinished++;
            return;
          }
        }
      };
      const start = process.hrtime.bigint();
      if (concurrent) await Promise.all(Array.from({ length: users }, (_, i) => journey(i)));
      else for (let i = 0; i < users; i++) await journey(i);
      const wallMs = elapsedMs(start);
      return {
        events: all.length,
        wallMs,
        eventsPerSecond: (all.length / wallMs) * 1000,
        latency: summarize(all),
        byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, summarize(v)])),
        ordersPlaced: orderCount() - before,
        unfinished,
      };
    }

    ctx.log('warm-up: 20 journeys');
    await phase('warm', 20, 900_000, false, noPause, 60_000);
    ctx.log(`service time: ${serviceJourneys} journeys one after another`);
    const service = await phase('one', serviceJourneys, 800_000, false, noPause, 120_000);
    ctx.log(`service: ${Math.round(service.eventsPerSecond)} events/s, p99 ${service.latency.p99} ms; saturation: ${conversations} conversations at once`);
    const saturated = await phase('sat', conversations, 100_000, true, noPause, saturationCapMs);
    /** Each buyer pauses a random (exponential) time between events; 1,000 of them offer `rate` events/s. */
    const offering = (rate: number): Pacing => (rnd, deadline, round) => {
      const meanThinkMs = (conversations / rate) * 1000;
      let first = round === 0;
      return () => {
        // The first arrivals spread over the first second instead of 1,000 /start at the same instant.
        const wait = first ? rnd.next() * 1000 : rnd.exponential(meanThinkMs);
        first = false;
        // No event is due after the deadline, so the phase lasts its duration and its rate is right.
        if (Date.now() + wait > deadline) return Promise.reject(new JourneyStopped());
        // Latency counts from when the event was due, not from when a busy loop got round to it.
        const due = process.hrtime.bigint() + BigInt(Math.round(wait * 1e6));
        return new Promise((resolve) => setTimeout(() => resolve(due), wait));
      };
    };
    ctx.log(`saturation: ${Math.round(saturated.eventsPerSecond)} events/s; load: ${targetEventsPerSecond} events/s offered for ${loadDurationMs / 1000} s`);
    const loaded = await phase('load', conversations, 2_000_000, true, offering(targetEventsPerSecond), loadDurationMs, true);
    ctx.log(`load: ${Math.round(loaded.eventsPerSecond)} events/s achieved, p99 ${loaded.latency.p99} ms`);
    const keptUpRate = Math.round(saturated.eventsPerSecond / 2);
    const keptUp = await phase('half', conversations, 3_000_000, true, offering(keptUpRate), loadDurationMs, true);
    ctx.log(`half load: ${keptUpRate} events/s offered, ${Math.round(keptUp.eventsPerSecond)} achieved, p99 ${keptUp.latency.p99} ms`);
    const journal = db.$client.pragma('journal_mode', { simple: true }) as string;
    const sync = db.$client.pragma('synchronous', { simple: true }) as number;
    await searcher.close();
    await checkpoints.stop();
    db.$client.close();

    const eventsPerJourney = Math.round(service.events / serviceJourneys);
    const setup = `100k variants, file DB (${journal}, synchronous=${sync === 1 ? 'NORMAL' : sync}), journeys of ~${eventsPerJourney} events`;
    const rows: ResultRow[] = [
      {
        benchmark: 'engine',
        setup: `${groups(conversations)} concurrent journeys, no pauses, ${
          saturated.wallMs >= saturationCapMs
            ? `stopped at the ${saturationCapMs / 1000} s cap with ${saturated.unfinished} journeys unfinished (mix leans to browsing)`
            : `run to the end (${groups(saturated.events)} events, ${saturated.ordersPlaced} orders${
                saturated.unfinished > 0 ? `, ${saturated.unfinished} buyer(s) found every size they tried sold out` : ''
              }, ${(saturated.wallMs / 1000).toFixed(1)} s)`
        } (saturation); ${setup}`,
        figure: `${groups(saturated.eventsPerSecond)} events/s`,
        target: `≥ ${groups(targetEventsPerSecond)} events/s`,
        pass: saturated.eventsPerSecond >= targetEventsPerSecond,
        value: saturated.eventsPerSecond,
        unit: 'events/s',
      },
      {
        benchmark: 'engine',
        setup: `${groups(conversations)} concurrent journeys offering ${groups(targetEventsPerSecond)} events/s for ${loadDurationMs / 1000} s (${groups(loaded.eventsPerSecond)} events/s achieved): p50 / p95 / p99 per event, from when it was due (waiting for a busy event loop included); ${setup}`,
        figure: `${ms(loaded.latency.p50)} / ${ms(loaded.latency.p95)} / ${ms(loaded.latency.p99)}`,
        target: `p99 ≤ ${targetP99Ms} ms`,
        pass: loaded.latency.p99 <= targetP99Ms,
        value: loaded.latency.p99,
        unit: 'ms',
      },
      {
        benchmark: 'engine',
        setup: `${groups(conversations)} concurrent journeys offering half the saturation rate, ${groups(keptUpRate)} events/s, for ${loadDurationMs / 1000} s (${groups(keptUp.eventsPerSecond)} events/s achieved): p50 / p95 / p99 per event, from when it was due; ${setup}`,
        figure: `${ms(keptUp.latency.p50)} / ${ms(keptUp.latency.p95)} / ${ms(keptUp.latency.p99)}`,
        target: '',
        pass: null,
        value: keptUp.latency.p99,
        unit: 'ms',
      },
      {
        benchmark: 'engine',
        setup: `one event at a time (${serviceJourneys} journeys in a row, no queueing): p50 / p95 / p99 service time per event; ${setup}`,
        figure: `${ms(service.latency.p50)} / ${ms(service.latency.p95)} / ${ms(service.latency.p99)}`,
        target: '',
        pass: null,
        value: service.latency.p99,
        unit: 'ms',
      },
    ];
    return { rows, details: { service, saturated, loaded, keptUp, keptUpRate, database: path } };
  },
};

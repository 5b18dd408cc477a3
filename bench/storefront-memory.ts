/**
 * Benchmark 5 (`storefronts`): 500 franchisee storefronts, each with its own Telegram bot,
 * served by one process in webhook mode: every bot gets its route on the shared HTTP server
 * (src/runtime/messenger-runtime.ts, started with `startAll()` as main.ts does at launch).
 *
 * The memory figure is the process's RSS after all bots started minus the RSS just before
 * (database open, engine and HTTP server up, every module loaded), both after a full GC. The
 * fake Bot API (one per bot token, behind one API root) runs in another process.
 *
 * @module
 */
import { eq } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { ensureSearchIndex } from '../src/catalog/search-index.js';
import { createSearchWorker } from '../src/catalog/search-runner.js';
import { openDatabase } from '../src/db/client.js';
import { startWalCheckpoints } from '../src/db/wal-checkpoints.js';
import { storefronts } from '../src/db/schema.js';
import { createEngine, type Engine } from '../src/engine/engine.js';
import { createI18n } from '../src/shared/i18n.js';
import { startHttpServer } from '../src/http/http-server.js';
import { createMediaCache } from '../src/media/media-cache.js';
import { createMessengerRuntime } from '../src/runtime/messenger-runtime.js';
import { createLogger, createSecretList } from '../src/shared/logger.js';
import { createStorefront, ensureDefaultStorefront } from '../src/storefronts/storefront-service.js';
import { telegramWebhookSecret } from '../src/storefronts/bot-secrets.js';
import { copyCatalog } from './support/catalog-fixture.js';
import { groups, type Benchmark, type ResultRow } from './support/result.js';
import { elapsedMs, mb } from './support/stats.js';
import { startTelegramSide } from './support/telegram-side-client.js';

/** Storefronts with their own bot. */
export const storefrontCount = 500;
/** The target: MB of RSS the started storefronts add. */
export const targetMb = 400;
const publicUrl = 'https://bench.example.com';

/** RSS after a full garbage collection (the bench runs with --expose-gc). */
async function settledRss(): Promise<{ rss: number; heapUsed: number }> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** The storefronts benchmark. */
export const storefrontMemoryBenchmark: Benchmark = {
  name: 'storefronts',
  description: '500 storefronts with their own Telegram bots in one process, webhook mode: RSS they add',
  async run(ctx) {
    if (!global.gc) throw new Error('run with --expose-gc (npm run bench does)');
    const side = startTelegramSide();
    try {
      const tokens = Array.from({ length: storefrontCount }, (_, i) => `${600_000_000 + i}:BENCH-storefront-token-${String(i).padStart(4, '0')}-abcdefgh`);
      ctx.log(`starting ${storefrontCount} fake Bot APIs in the Telegram-side process`);
      const apiRoot = await side.startFakes(tokens);

      const path = await copyCatalog(ctx, 'storefronts');
      const db = openDatabase(path);
      ensureSearchIndex(db);
      const i18n = createI18n();
      ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
      const secrets = createSecretList();
      const logger = createLogger({ level: 'info', secrets, destination: new Writable({ write: (_c, _e, done) => done() }) });
      const http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [], logger });
      let engine: Engine | undefined;
      const bots = createMessengerRuntime({
        db,
        engine: () => engine!,
        i18n,
        logger,
        media: createMediaCache(db),
        secrets,
        telegramApiRoot: apiRoot,
        webhook: { publicUrl, http: () => http },
      });
      // As main.ts: searches and WAL checkpoints on their worker threads, counted in the baseline.
      const searcher = createSearchWorker({ path, logger });
      const checkpoints = startWalCheckpoints(db, { path, logger });
      await Promise.all([searcher.ready, checkpoints.ready]);
      engine = createEngine({ db, i18n, logger, searcher, phoneRegion: 'RU', bots });
      // The franchisees connected their bots earlier (/connect stores the token): rows as it writes them.
      const ids: number[] = [];
      for (const [i, token] of tokens.entries()) {
        const shop = createStorefront(db, { slug: `shop-${i + 1}`, name: `Сарафан №${i + 1}` });
        db.update(storefronts).set({ telegramToken: token, telegramUsername: `sarafan_${i + 1}_bot` }).where(eq(storefronts.id, shop.id)).run();
        ids.push(shop.id);
      }

      const baseline = await settledRss();
      ctx.log(`baseline RSS ${mb(baseline.rss)} MB; startAll()`);
      const start = process.hrtime.bigint();
      await bots.startAll();
      const startMs = elapsedMs(start);
      const started = await settledRss();
      const webhooks = await Promise.all(tokens.map((t) => side.calls(t, 'setWebhook')));
      const registered = webhooks.filter((n) => n > 0).length;
      ctx.log(`${registered} webhooks registered in ${(startMs / 1000).toFixed(1)} s; RSS +${mb(started.rss - baseline.rss)} MB`);

      // Then each bot serves one buyer, so per-bot state that appears on first use is counted too.
      const targets = ids.map((id, i) => ({ token: tokens[i]!, url: `${http.url}/telegram/${id}`, secret: telegramWebhookSecret(db, id) }));
      const touched = await side.touch(targets, 77_000_001, 20);
      const served = await settledRss();
      ctx.log(`${touched} bots answered a /start; RSS +${mb(served.rss - baseline.rss)} MB`);

      await bots.stopAll();
      await http.close();
      await searcher.close();
      await checkpoints.stop();
      db.$client.close();

      const perBot = (started.rss - baseline.rss) / storefrontCount;
      const setup = `${storefrontCount} storefronts, own Telegram bot each, webhook routes on one HTTP server, one engine and DB; RSS after full GC`;
      const rows: ResultRow[] = [
        {
          benchmark: 'storefronts',
          setup: `${setup}: RSS after startAll() minus RSS before (${mb(baseline.rss)} MB); ${registered} webhooks registered in ${(startMs / 1000).toFixed(1)} s`,
          figure: `${mb(started.rss - baseline.rss)} MB (${groups(perBot / 1024)} KB per bot)`,
          target: `≤ ${targetMb} MB`,
          pass: registered === storefrontCount && mb(started.rss - baseline.rss) <= targetMb,
          value: mb(started.rss - baseline.rss),
          unit: 'MB',
        },
        {
          benchmark: 'storefronts',
          setup: `${setup}: the whole process (catalog caches and worker threads included) after each bot also answered one /start through its webhook (${touched} answered); +${mb(served.rss - baseline.rss)} MB over the baseline`,
          figure: `${mb(served.rss)} MB`,
          target: `≤ ${targetMb} MB`,
          pass: touched === storefrontCount && mb(served.rss) <= targetMb,
          value: mb(served.rss),
          unit: 'MB',
        },
      ];
      return { rows, details: { baseline, started, served, startMs, registered, touched } };
    } finally {
      await side.stopFakes().catch(() => undefined);
      side.close();
    }
  },
};

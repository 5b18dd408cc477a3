/**
 * Benchmark 3 (`telegram`): the whole shop as `main.ts` wires it (config, file database with the
 * 100k-variant catalog, engine, outbox/fulfillment runtime, HTTP server, the real grammY
 * Telegram adapter) against the fake Bot API of the tests, side by side with a bare grammY bot
 * that only answers "ok", in long polling and in webhook mode. The shop runs twice: as shipped
 * (its delivery queue keeps every bot within Telegram's ~30 messages/s) and with that pacing
 * lifted through the adapter's `deliveryLimits` option, to show the stack's own capacity. The
 * bare bot also runs twice: against a fake that takes everything, and against one that, like
 * Telegram, answers 429 past 30 messages a second, with grammY's usual retry after `retry_after`;
 * the shop as shipped meets that same fake.
 *
 * The fake Bot API and the buyers run in a separate process (support/telegram-side.ts). Each
 * of 200 buyers sends its next `/start` as soon as the answer to the previous one arrives
 * (2,000 updates in all); latency is from the update becoming available to Telegram (queued
 * for getUpdates, or its webhook POST started) to the bot's sendMessage reaching it.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Bot, webhookCallback } from 'grammy';
import { createTelegramAdapter, type TelegramAdapter } from '../src/adapters/telegram/telegram-adapter.js';
import { telegramWebhookSecret } from '../src/storefronts/bot-secrets.js';
import { ensureSearchIndex } from '../src/catalog/search-index.js';
import { createSearchWorker } from '../src/catalog/search-runner.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { startWalCheckpoints } from '../src/db/wal-checkpoints.js';
import { createEngine } from '../src/engine/engine.js';
import type { Notifier } from '../src/outbox/notifier.js';
import { createI18n } from '../src/shared/i18n.js';
import { ensureHqStaff } from '../src/franchise/staff-service.js';
import { startHttpServer, type HttpServer } from '../src/http/http-server.js';
import type { DeliveryLimits } from '../src/delivery/delivery-queue.js';
import { createFulfillmentRuntime } from '../src/runtime/fulfillment-runtime.js';
import { createLogger, createSecretList } from '../src/shared/logger.js';
import { ensureDefaultStorefront } from '../src/storefronts/storefront-service.js';
import { copyCatalog } from './support/catalog-fixture.js';
import { groups, type BenchContext, type Benchmark, type ResultRow } from './support/result.js';
import { ms } from './support/stats.js';
import type { DriveResult } from './support/telegram-side.js';
import { startTelegramSide } from './support/telegram-side-client.js';

/** Buyers of a measured run. */
export const users = 200;
/** Updates each buyer sends in a measured run, each after the reply to the previous one. */
export const updatesPerUser = 10;
/** The target: the full stack's throughput as a share of the bare bot's. */
export const targetRatio = 0.5;
/** Telegram's default max_connections for webhooks. */
const maxConnections = 40;
const publicUrl = 'https://bench.example.com';
const texts = ['/start'];

/** How Telegram delivers updates: long polling or webhook. */
export type Mode = 'polling' | 'webhook';

/**
 * The bots compared: the bare grammY bot on a fake without limits; the bare bot held to
 * Telegram's limits (the fake answers 429 past them, the bot waits `retry_after` and retries);
 * the shop as shipped (its delivery queue paces sends to Telegram's limits, ~29 messages/s per
 * bot) on the same limiting fake; the shop with that pacing lifted through the adapter's
 * `deliveryLimits` option, which shows what the stack itself can process.
 */
const kinds = ['bare', 'bare-limited', 'full', 'unpaced'] as const;
type Kind = (typeof kinds)[number];

/** Telegram's limits as the limiting fake enforces them. */
const telegramLimits = { perSecond: 30, groupPerMinute: 20 };

/** Limits so high they never make a send wait. */
export const noPacing: DeliveryLimits = { perSecond: 1_000_000, chat: () => ({ burst: 1_000_000, perMinute: 60_000_000 }) };

/** A load run as Telegram saw it, plus the bot process's own CPU use (share of one core). */
type Measured = DriveResult & { botCpuShare: number };

/** A bot under test, started in one mode. */
export interface Contender {
  /** Where Telegram posts updates in webhook mode. */
  webhook?: { url: string; secret: string };
  stop(): Promise<void>;
}

/**
 * A bare grammY bot: replies "ok" to every message, started like the adapter starts its bot.
 * `retryAfter429`: it waits out a 429's `retry_after` and tries again, as the auto-retry plugin
 * grammY recommends for flood limits does.
 */
export async function startBare(mode: Mode, token: string, apiRoot: string, retryAfter429 = false): Promise<Contender> {
  const bot = new Bot(token, { client: { apiRoot } });
  if (retryAfter429) {
    bot.api.config.use(async (prev, method, payload, signal) => {
      for (;;) {
        const result = await prev(method, payload, signal);
        const wait = result.ok ? undefined : result.parameters?.retry_after;
        if (wait === undefined) return result;
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      }
    });
  }
  bot.on('message', (ctx) => ctx.reply('ok'));
  await bot.init();
  if (mode === 'polling') {
    await bot.api.deleteWebhook();
    const runner: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: ['message', 'callback_query'] }, silent: true }, sink: { concurrency: 500 } });
    return { stop: () => runner.stop() };
  }
  const secret = randomBytes(32).toString('base64url');
  // A bare bot is grammY's own webhook callback on a plain node:http server, as its docs show.
  const callback = webhookCallback(bot, 'http', { secretToken: secret, onTimeout: 'return' });
  const server = createServer((req, res) => void callback(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await bot.api.setWebhook(`${publicUrl}/telegram`, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
  return {
    webhook: { url: `http://127.0.0.1:${port}/telegram`, secret },
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** The shop as main.ts wires it for one Telegram bot, on a copy of the 100k-variant catalog. */
export async function startFull(ctx: BenchContext, mode: Mode, token: string, apiRoot: string, dbName: string, deliveryLimits?: DeliveryLimits): Promise<Contender> {
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
    DATABASE_PATH: await copyCatalog(ctx, dbName),
    ...(mode === 'webhook' ? { PUBLIC_URL: publicUrl } : {}),
  });
  const secrets = createSecretList([config.telegramBotToken]);
  // main.ts logs at info to stdout; here the same logger writes to nowhere.
  const logger = createLogger({ level: 'info', secrets, destination: new Writable({ write: (_c, _e, done) => done() }) });
  const db = openDatabase(config.databasePath);
  ensureSearchIndex(db);
  const i18n = createI18n();
  const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: config.timeZone });
  ensureHqStaff(db, config.hqAdmins);
  let adapter: TelegramAdapter | undefined;
  const notify: Notifier = async ({ target, replies }) => {
    if (target.channel !== 'telegram' || !adapter) throw new Error(`no ${target.channel} bot`);
    await adapter.send(target.chatId, replies);
  };
  const fulfillment = createFulfillmentRuntime({ config, db, i18n, logger, notify, hqStorefrontId: storefront.id });
  const searcher = createSearchWorker({ path: config.databasePath, logger });
  const checkpoints = startWalCheckpoints(db, { path: config.databasePath, logger });
  const engine = createEngine({ db, i18n, logger, searcher, phoneRegion: config.phoneRegion, deliveryDays: config.deliveryDays, outbox: fulfillment.outbox });
  adapter = createTelegramAdapter({ token, apiRoot: config.telegramApiRoot, storefrontId: storefront.id, engine, i18n, logger, deliveryLimits });
  const secret = telegramWebhookSecret(db, storefront.id);
  secrets.add(secret);
  const http: HttpServer = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [...fulfillment.routes, ...(mode === 'webhook' ? [adapter.webhookRoute('/telegram', secret)] : [])],
    logger,
  });
  if (mode === 'webhook') await adapter.startWebhook(`${config.webhook!.publicUrl}/telegram`, secret);
  else await adapter.start();
  fulfillment.start();
  const started = adapter;
  return {
    webhook: mode === 'webhook' ? { url: `${http.url}/telegram`, secret } : undefined,
    async stop() {
      await started.stop();
      await fulfillment.stop();
      await http.close();
      await searcher.close();
      await checkpoints.stop();
      db.$client.close();
    },
  };
}

/** The Telegram benchmark. */
export const telegramStackBenchmark: Benchmark = {
  name: 'telegram',
  description: 'full stack (grammY adapter + engine + DB) vs a bare grammY bot on the fake Bot API, polling and webhook: updates/s, p99',
  async run(ctx) {
    const side = startTelegramSide();
    const results: Record<string, Record<Kind, Measured>> = {};
    try {
      let run = 0;
      for (const mode of ['polling', 'webhook'] as const) {
        const measured: Partial<Record<Kind, Measured>> = {};
        for (const kind of kinds) {
          run++;
          const token = `${700000000 + run}:BENCH-${kind}-${mode}-token-0123456789`;
          const limited = kind === 'bare-limited' || kind === 'full';
          const apiRoot = await side.startFakes([token], limited ? telegramLimits : undefined);
          const bot =
            kind === 'bare' || kind === 'bare-limited'
              ? await startBare(mode, token, apiRoot, kind === 'bare-limited')
              : await startFull(ctx, mode, token, apiRoot, `telegram-${mode}-${kind}`, kind === 'unpaced' ? noPacing : undefined);
          const drive = (firstUserId: number, n: number, perUser: number) =>
            side.drive({ token, mode, webhook: bot.webhook, users: n, updatesPerUser: perUser, maxConnections, texts, firstUserId });
          // Warm-up with other buyers: JIT, statement caches, connections.
          await drive(90_000_000, 50, 4);
          ctx.log(`${mode} ${kind}: ${users} buyers × ${updatesPerUser} updates`);
          const cpuBefore = process.cpuUsage();
          const drove = await drive(10_000_000 + run * 100_000, users, updatesPerUser);
          const cpu = process.cpuUsage(cpuBefore);
          const result: Measured = { ...drove, botCpuShare: (cpu.user + cpu.system) / 1000 / drove.wallMs };
          ctx.log(
            `${mode} ${kind}: ${Math.round(result.updatesPerSecond)} updates/s, p99 ${result.latency.p99} ms, CPU bot ${Math.round(result.botCpuShare * 100)}% / Telegram side ${Math.round(result.sideCpuShare * 100)}% of a core, calls ${JSON.stringify(result.calls)}`,
          );
          measured[kind] = result;
          await bot.stop();
          await side.stopFakes();
        }
        results[mode] = measured as Record<Kind, Measured>;
      }
    } finally {
      side.close();
    }

    const rows: ResultRow[] = [];
    const cpu = (m: Measured) => `${Math.round(m.botCpuShare * 100)}%`;
    for (const [mode, { bare, 'bare-limited': bareLimited, full, unpaced }] of Object.entries(results)) {
      const setup = `${mode === 'webhook' ? `webhook mode (≤ ${maxConnections} connections)` : 'long polling (grammY runner)'}, ${groups(users * updatesPerUser)} /start from ${users} buyers, each sending again as soon as answered; fake Bot API in another process`;
      const ratio = (m: Measured) => m.updatesPerSecond / bare.updatesPerSecond;
      const limitedRatio = full.updatesPerSecond / bareLimited.updatesPerSecond;
      rows.push(
        {
          benchmark: `telegram ${mode}`,
          setup: `both held to Telegram's limits (the fake answers 429 past 30 sends/s): full stack as shipped vs bare grammY bot retrying after retry_after: updates/s (429 answers: ${full.tooManyRequests} vs ${bareLimited.tooManyRequests}); ${setup}`,
          figure: `${groups(full.updatesPerSecond)} vs ${groups(bareLimited.updatesPerSecond)} updates/s = ${Math.round(limitedRatio * 100)}%`,
          target: `≥ ${targetRatio * 100}% of bare`,
          pass: limitedRatio >= targetRatio,
          value: limitedRatio,
          unit: 'ratio',
        },
        {
          benchmark: `telegram ${mode}`,
          setup: `full stack as shipped (delivery queue paces sends to Telegram's limits) vs bare grammY bot: updates/s (bot CPU ${cpu(full)} vs ${cpu(bare)} of a core); ${setup}`,
          figure: `${groups(full.updatesPerSecond)} vs ${groups(bare.updatesPerSecond)} updates/s = ${Math.round(ratio(full) * 100)}%`,
          target: `≥ ${targetRatio * 100}% of bare`,
          pass: ratio(full) >= targetRatio,
          value: ratio(full),
          unit: 'ratio',
        },
        {
          benchmark: `telegram ${mode}`,
          setup: `full stack with the pacing lifted (adapter option deliveryLimits) vs bare grammY bot: updates/s (bot CPU ${cpu(unpaced)} vs ${cpu(bare)} of a core; fake Telegram ${Math.round(bare.sideCpuShare * 100)}% in the bare run); ${setup}`,
          figure: `${groups(unpaced.updatesPerSecond)} vs ${groups(bare.updatesPerSecond)} updates/s = ${Math.round(ratio(unpaced) * 100)}%`,
          target: `≥ ${targetRatio * 100}% of bare`,
          pass: ratio(unpaced) >= targetRatio,
          value: ratio(unpaced),
          unit: 'ratio',
        },
        {
          benchmark: `telegram ${mode}`,
          setup: `update → reply latency p50 / p99: full stack as shipped; bare bot held to the limits; pacing lifted; bare bot`,
          figure: `${ms(full.latency.p50)} / ${ms(full.latency.p99)}; ${ms(bareLimited.latency.p50)} / ${ms(bareLimited.latency.p99)}; ${ms(unpaced.latency.p50)} / ${ms(unpaced.latency.p99)}; ${ms(bare.latency.p50)} / ${ms(bare.latency.p99)}`,
          target: '',
          pass: null,
          value: full.latency.p99,
          unit: 'ms',
        },
      );
    }
    return { rows, details: results };
  },
};

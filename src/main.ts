import dotenv from 'dotenv';
import { createConsoleAdapter } from './adapters/console/console-adapter.js';
import { countProducts } from './catalog/catalog-stats.js';
import { seedDemoCatalog } from './catalog/demo/seed-demo.js';
import { chatFeedPolicy } from './catalog/import/feed-fetch-guard.js';
import { startFeedSync } from './catalog/import/feed-sync.js';
import { ensureSearchIndex } from './catalog/search-index.js';
import { createSearchWorker, type SearchRunner } from './catalog/search-runner.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Db } from './db/client.js';
import { startPeriodicBackups, type PeriodicBackups } from './db/periodic-backups.js';
import { startWalCheckpoints, type WalCheckpoints } from './db/wal-checkpoints.js';
import { createEngine, type Engine } from './engine/engine.js';
import { ensureHqStaff } from './franchise/staff-service.js';
import { createI18n, type I18n } from './shared/i18n.js';
import { startHttpServer, type HttpServer } from './http/http-server.js';
import { createMediaCache } from './media/media-cache.js';
import { createLogger, createSecretList, type Logger, type SecretList } from './shared/logger.js';
import { createSecretBox, type SecretBox } from './shared/secret-box.js';
import { createBotTokens } from './storefronts/bot-tokens.js';
import { createFulfillmentRuntime, type FulfillmentRuntime } from './runtime/fulfillment-runtime.js';
import { createMessengerRuntime, type MessengerRuntime } from './runtime/messenger-runtime.js';
import { hqBots } from './runtime/hq-bots.js';
import { storedBotSecrets } from './storefronts/bot-secrets.js';
import { configSecrets } from './runtime/config-secrets.js';
import { startRetention } from './buyers/retention.js';
import { ensureDefaultStorefront, type Storefront } from './storefronts/storefront-service.js';

function readConfig(): Config {
  dotenv.config({ quiet: true });
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

interface App {
  /** What the logger scrubs; secrets made at start join it. */
  secrets: SecretList;
  /** Seals bot tokens and webhook secrets at rest when SECRETS_KEY is set. */
  secretBox?: SecretBox;
  /** Every bot of every channel, the HQ's and franchisees'; the outbox reaches people through it. */
  bots: MessengerRuntime;
  config: Config;
  db: Db;
  logger: Logger;
  i18n: I18n;
  engine: Engine;
  storefront: Storefront;
  /** The HTTP server once it listens; bots add their webhook routes to it. */
  http: { server?: HttpServer };
  fulfillment: FulfillmentRuntime;
  /** Runs buyers' searches on a worker thread (a file database only). */
  searcher?: SearchRunner;
  /** Copies the write-ahead log into the database on a worker thread (a file database only). */
  checkpoints?: WalCheckpoints;
  /** Periodic backups (BACKUP_DIR). */
  backups?: PeriodicBackups;
}

/** Who sits at the local console chat. */
const consoleAccount = { channel: 'console', userId: 'local' } as const;

async function runConsole(app: App): Promise<void> {
  const { db, storefront } = app;
  // A newcomer with no token sees a shop at once: the demo catalog goes into an empty database.
  if (countProducts(db) === 0) seedDemoCatalog(db);
  const chat = createConsoleAdapter({
    engine: app.engine,
    i18n: app.i18n,
    storefrontId: storefront.id,
    shopName: storefront.name,
    locale: app.config.consoleLocale,
    input: process.stdin,
    output: process.stdout,
  });
  app.bots.attach(storefront.id, chat);
  app.fulfillment.start();
  await chat.run();
  await app.fulfillment.stop();
  await app.backups?.stop();
  await app.searcher?.close();
  await app.checkpoints?.stop();
  db.$client.close();
}

async function runMessengers(app: App): Promise<void> {
  const { config, logger } = app;
  if (countProducts(app.db) === 0) {
    logger.warn('the catalog is empty: run `npm run seed:demo` to try the bot on the demo catalog');
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing updates in hand');
    await app.bots.stopAll();
    await app.fulfillment.stop();
    await app.http.server?.close();
    await app.backups?.stop();
    await app.searcher?.close();
    await app.checkpoints?.stop();
    app.db.$client.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  // One HTTP server, webhooks or not: the health check and the warehouse's status callbacks live there.
  app.http.server = await startHttpServer({ port: config.httpPort, routes: [...app.fulfillment.routes], logger });
  // The HQ's bot from env and franchisees' bots from /connect: webhooks or long polling, one path for all.
  await app.bots.startAll();
  // Hand-offs and status messages start once the bots that carry them are up.
  app.fulfillment.start();
}

/** Wires configuration, database, engine and adapters, and runs until stopped. */
async function main(): Promise<void> {
  const config = readConfig();
  const consoleChat = !config.telegramBotToken && !config.vk && !config.maxBotToken;
  const secrets = createSecretList(configSecrets(config));
  const logger = createLogger({
    level: config.logLevel ?? (consoleChat ? 'warn' : 'info'),
    secrets,
    // The console chat owns stdout; its logs go to stderr.
    destination: consoleChat ? process.stderr : process.stdout,
  });
  const db = openDatabase(config.databasePath, { logger });
  const secretBox = config.secretsKey ? createSecretBox(config.secretsKey) : undefined;
  // Before any bot starts: a wrong SECRETS_KEY stops here, naming the storefront.
  createBotTokens(db, secretBox).secureStored(logger);
  for (const secret of storedBotSecrets(db, secretBox)) secrets.add(secret);
  ensureSearchIndex(db);
  const i18n = createI18n();
  const storefront = ensureDefaultStorefront(db, {
    name: config.storefrontName ?? i18n.t('ru', 'default-shop-name'),
    timeZone: config.timeZone,
  });
  // HQ_ADMINS is the whole list of franchisor staff: whoever is no longer on it stops being HQ now.
  // The person at the console is trying the whole network: buyer, franchisor staff and, without a
  // warehouse chat, the warehouse too, so an order can be followed from the cart to delivery.
  ensureHqStaff(db, consoleChat ? [...config.hqAdmins, consoleAccount] : config.hqAdmins);
  const http: App['http'] = {};
  // The outbox reaches staff and buyers through these bots: the storefront's own, else the franchisor's.
  const bots = createMessengerRuntime({
    db,
    engine: () => engine,
    i18n,
    logger,
    media: createMediaCache(db),
    pictureFetch: { allowPrivateHosts: config.feedAllowPrivateHosts },
    secrets,
    secretBox,
    telegramApiRoot: config.telegramApiRoot,
    vkApiBaseUrl: config.vk?.apiBaseUrl,
    maxApiBaseUrl: config.maxApiBaseUrl,
    hq: { storefrontId: storefront.id, bots: hqBots(config) },
    webhook: config.webhook && {
      publicUrl: config.webhook.publicUrl,
      telegramSecret: config.webhook.telegramSecret,
      vk: config.vk && { secret: config.webhook.vkSecret!, confirmation: config.webhook.vkConfirmation! },
      http: () => http.server,
    },
  });
  const fulfillment = createFulfillmentRuntime({ config, db, i18n, logger, notify: bots.notify, hqStorefrontId: storefront.id });
  const onDisk = config.databasePath !== ':memory:';
  const searcher = onDisk ? createSearchWorker({ path: config.databasePath, logger }) : undefined;
  const checkpoints = onDisk ? startWalCheckpoints(db, { path: config.databasePath, logger }) : undefined;
  const engine = createEngine({
    db,
    i18n,
    logger,
    searcher,
    phoneRegion: config.phoneRegion,
    deliveryDays: config.deliveryDays,
    staff: { inviteTtlHours: config.inviteTtlHours },
    feedFetch: { ...chatFeedPolicy, maxBytes: config.feedMaxMb * 1024 * 1024, allowPrivateHosts: config.feedAllowPrivateHosts },
    replyReminderMinutes: config.replyReminderMinutes,
    bots,
    outbox: fulfillment.outbox,
    warehouse: config.fulfillment.provider === 'warehouse-chat' ? { chat: config.fulfillment.chat } : undefined,
  });
  // Name, phone and address of orders finished long ago are erased daily (152-FZ).
  startRetention({ db, logger, days: config.personalDataRetentionDays });
  if (config.feed) startFeedSync(db, { url: config.feed.url, minutes: config.feed.syncMinutes, logger, maxBytes: config.feedMaxMb * 1024 * 1024 });
  const backups = config.backups && startPeriodicBackups(db, { ...config.backups, logger });
  const app: App = { config, db, logger, i18n, engine, storefront, secrets, secretBox, bots, http, fulfillment, searcher, checkpoints, backups };
  if (consoleChat) await runConsole(app);
  else await runMessengers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`Sarafan failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

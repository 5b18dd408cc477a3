import dotenv from 'dotenv';
import { createConsoleAdapter } from './adapters/console/console-adapter.js';
import { createTelegramAdapter, type TelegramAdapter } from './adapters/telegram/telegram-adapter.js';
import { createVkAdapter, type VkAdapter } from './adapters/vk/vk-adapter.js';
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
import { createI18n, type I18n } from './engine/i18n.js';
import { startHttpServer, type HttpServer, type Route } from './http/http-server.js';
import { createMediaCache } from './media/media-cache.js';
import type { Notifier } from './outbox/notifier.js';
import { createLogger, createSecretList, type Logger, type SecretList } from './shared/logger.js';
import { createSecretBox, type SecretBox } from './shared/secret-box.js';
import { createBotTokens } from './storefronts/bot-tokens.js';
import { createFulfillmentRuntime, type FulfillmentRuntime } from './runtime/fulfillment-runtime.js';
import { createStorefrontBots, type Sender, type StorefrontBotsRuntime } from './runtime/storefront-bots.js';
import { storedBotSecrets, telegramWebhookSecret } from './storefronts/bot-secrets.js';
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
  senders: Map<string, Sender>;
  /** What the logger scrubs; secrets made at start join it. */
  secrets: SecretList;
  /** Seals bot tokens and webhook secrets at rest when SECRETS_KEY is set. */
  secretBox?: SecretBox;
  bots: StorefrontBotsRuntime;
  config: Config;
  db: Db;
  logger: Logger;
  i18n: I18n;
  engine: Engine;
  storefront: Storefront;
  /** The HTTP server once it listens; franchisees' bots add their webhook routes to it. */
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
  app.senders.set(`${storefront.id}:console`, chat.send);
  app.fulfillment.start();
  await chat.run();
  await app.fulfillment.stop();
  await app.backups?.stop();
  await app.searcher?.close();
  await app.checkpoints?.stop();
  db.$client.close();
}

async function runMessengers(app: App): Promise<void> {
  const { config, logger, engine, storefront } = app;
  if (countProducts(app.db) === 0) {
    logger.warn('the catalog is empty: run `npm run seed:demo` to try the bot on the demo catalog');
  }
  const telegram: TelegramAdapter | undefined = config.telegramBotToken
    ? createTelegramAdapter({
        token: config.telegramBotToken,
        apiRoot: config.telegramApiRoot,
        storefrontId: storefront.id,
        engine,
        i18n: app.i18n,
        logger,
      })
    : undefined;
  const vk: VkAdapter | undefined = config.vk
    ? createVkAdapter({
        token: config.vk.groupToken,
        groupId: config.vk.groupId,
        apiBaseUrl: config.vk.apiBaseUrl,
        storefrontId: storefront.id,
        engine,
        media: createMediaCache(app.db),
        logger,
      })
    : undefined;

  if (telegram) app.senders.set(`${storefront.id}:telegram`, telegram.send);
  if (vk) app.senders.set(`${storefront.id}:vk`, vk.send);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing updates in hand');
    await Promise.all([telegram?.stop(), vk?.stop(), app.bots.stopAll()]);
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
  const webhook = config.webhook;
  const routes: Route[] = [...app.fulfillment.routes];
  // Random and stored unless the operator set one: nothing a franchisee knows leads to it.
  const telegramSecret = webhook && telegram && (webhook.telegramSecret ?? telegramWebhookSecret(app.db, storefront.id, app.secretBox));
  if (telegramSecret) app.secrets.add(telegramSecret);
  if (webhook && telegram && telegramSecret) routes.push(telegram.webhookRoute('/telegram', telegramSecret));
  if (webhook && vk) routes.push(vk.webhookRoute('/vk', { secret: webhook.vkSecret!, confirmation: webhook.vkConfirmation! }));
  app.http.server = await startHttpServer({ port: config.httpPort, routes, logger });
  if (webhook) {
    if (telegram && telegramSecret) await telegram.startWebhook(`${webhook.publicUrl}/telegram`, telegramSecret);
    if (vk) logger.info({ url: `${webhook.publicUrl}/vk` }, 'VK Callback API server address (set it in the community settings)');
  } else {
    await Promise.all([telegram?.start(), vk?.startPolling()]);
  }
  // Franchisees' own bots, connected from chat with /connect: webhooks or long polling, like the main bot.
  await app.bots.startAll();
  // Hand-offs and status messages start once the bots that carry them are up.
  app.fulfillment.start();
}

/** Wires configuration, database, engine and adapters, and runs until stopped. */
async function main(): Promise<void> {
  const config = readConfig();
  const consoleChat = !config.telegramBotToken && !config.vk;
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
  // Bots register here as they start (`<storefront>:<channel>`); the outbox reaches staff and
  // buyers through them: the storefront's own bot, else the franchisor's. Only outbox handlers call `notify`.
  const senders = new Map<string, Sender>();
  const notify: Notifier = async ({ target, replies }) => {
    const send = senders.get(`${target.storefrontId}:${target.channel}`) ?? senders.get(`${storefront.id}:${target.channel}`);
    // Thrown, not dropped: the outbox keeps the message and tries again when a bot is there.
    if (!send) throw new Error(`no ${target.channel} bot to deliver a message through`);
    await send(target.chatId, replies);
  };
  const http: App['http'] = {};
  const bots = createStorefrontBots({
    db,
    engine: () => engine,
    i18n,
    logger,
    media: createMediaCache(db),
    secrets,
    secretBox,
    telegramApiRoot: config.telegramApiRoot,
    vkApiBaseUrl: config.vk?.apiBaseUrl,
    senders,
    webhook: config.webhook && { publicUrl: config.webhook.publicUrl, http: () => http.server },
  });
  const fulfillment = createFulfillmentRuntime({ config, db, i18n, logger, notify, hqStorefrontId: storefront.id });
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
  const app: App = { config, db, logger, i18n, engine, storefront, senders, secrets, secretBox, bots, http, fulfillment, searcher, checkpoints, backups };
  if (consoleChat) await runConsole(app);
  else await runMessengers(app);
}

main().catch((error: unknown) => {
  process.stderr.write(`Sarafan failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

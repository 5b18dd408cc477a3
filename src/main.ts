import dotenv from 'dotenv';
import { createConsoleAdapter } from './adapters/console/console-adapter.js';
import { createTelegramAdapter } from './adapters/telegram/telegram-adapter.js';
import { countProducts } from './catalog/catalog-stats.js';
import { seedDemoCatalog } from './catalog/demo/seed-demo.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { createEngine } from './engine/engine.js';
import { createI18n } from './engine/i18n.js';
import { createLogger } from './shared/logger.js';
import { ensureDefaultStorefront } from './storefronts/storefront-service.js';

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

/** Wires configuration, database, engine and adapters, and runs until stopped. */
async function main(): Promise<void> {
  const config = readConfig();
  const consoleChat = !config.telegramBotToken;
  const logger = createLogger({
    level: config.logLevel ?? (consoleChat ? 'warn' : 'info'),
    secrets: [config.telegramBotToken ?? ''],
    // The console chat owns stdout; its logs go to stderr.
    destination: consoleChat ? process.stderr : process.stdout,
  });
  const db = openDatabase(config.databasePath);
  const i18n = createI18n();
  const storefront = ensureDefaultStorefront(db, { name: config.storefrontName ?? i18n.t('ru', 'default-shop-name'), timeZone: config.timeZone });
  const engine = createEngine({ db, i18n, logger, phoneRegion: config.phoneRegion });

  if (consoleChat) {
    // A newcomer with no token sees a shop at once: the demo catalog goes into an empty database.
    if (countProducts(db, storefront.id) === 0) seedDemoCatalog(db, storefront.id);
    const chat = createConsoleAdapter({
      engine,
      i18n,
      storefrontId: storefront.id,
      shopName: storefront.name,
      locale: config.consoleLocale,
      input: process.stdin,
      output: process.stdout,
    });
    await chat.run();
    db.$client.close();
    return;
  }

  if (countProducts(db, storefront.id) === 0) {
    logger.warn('the catalog is empty: run `npm run seed:demo` to try the bot on the demo catalog');
  }
  const telegram = createTelegramAdapter({
    token: config.telegramBotToken!,
    apiRoot: config.telegramApiRoot,
    storefrontId: storefront.id,
    engine,
    i18n,
    logger,
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await telegram.stop();
    db.$client.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await telegram.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`Sarafan failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

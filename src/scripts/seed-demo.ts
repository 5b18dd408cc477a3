import dotenv from 'dotenv';
import { seedDemoCatalog } from '../catalog/demo/seed-demo.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { createI18n } from '../engine/i18n.js';
import { ensureDefaultStorefront } from '../storefronts/storefront-service.js';

// `npm run seed:demo`: loads the demo catalog into the configured database's default storefront.
dotenv.config({ quiet: true });
try {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  const i18n = createI18n();
  const storefront = ensureDefaultStorefront(db, { name: config.storefrontName ?? i18n.t('ru', 'default-shop-name'), timeZone: config.timeZone });
  const report = seedDemoCatalog(db, storefront.id);
  db.$client.close();
  process.stdout.write(
    `Demo catalog loaded into "${storefront.name}" (${config.databasePath}): ${report.categories} categories, ${report.products} products, ${report.variants} sizes.\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}

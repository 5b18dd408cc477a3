import dotenv from 'dotenv';
import { seedDemoCatalog } from '../catalog/demo/seed-demo.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { createI18n } from '../shared/i18n.js';
import { ensureDefaultStorefront } from '../storefronts/storefront-service.js';

// `npm run seed:demo`: loads the demo catalog into the configured database's default storefront.
dotenv.config({ quiet: true });
try {
  const config = loadConfig();
  const db = openDatabase(config.databasePath);
  const i18n = createI18n();
  ensureDefaultStorefront(db, { name: config.storefrontName ?? i18n.t('ru', 'default-shop-name'), timeZone: config.timeZone });
  const report = seedDemoCatalog(db);
  db.$client.close();
  process.stdout.write(
    `Demo catalog loaded into the master catalog (${config.databasePath}): ${report.categories} categories, ${report.products} products, ${report.variants} sizes. Every storefront offers it.\n`,
  );
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}

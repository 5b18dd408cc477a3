import dotenv from 'dotenv';
import { formatFeedProblem, formatImportReport } from '../catalog/import/import-messages.js';
import { importFeed } from '../catalog/import/feed-import.js';
import { operatorFeedPolicy } from '../catalog/import/feed-source.js';
import { FeedError } from '../catalog/import/feed-types.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { createI18n } from '../shared/i18n.js';

// `npm run catalog:import -- <file|url> [--csv]`: loads the warehouse feed into the master catalog.
dotenv.config({ quiet: true });
const i18n = createI18n();
let locale: 'ru' | 'en' = 'ru';
try {
  const config = loadConfig();
  locale = config.consoleLocale;
  const args = process.argv.slice(2);
  const location = args.find((a) => !a.startsWith('--'));
  if (!location) {
    process.stderr.write(`${i18n.t(locale, 'import-usage')}\n`);
    process.exit(2);
  }
  const db = openDatabase(config.databasePath);
  // The operator's own command: any host or file, but never more than FEED_MAX_MB.
  const report = await importFeed(db, location, operatorFeedPolicy(config.feedMaxMb * 1024 * 1024), args.includes('--csv') ? 'csv' : undefined);
  db.$client.close();
  process.stdout.write(`${formatImportReport(i18n, locale, report)}\n`);
} catch (error) {
  if (error instanceof FeedError) process.stderr.write(`${formatFeedProblem(i18n, locale, error.problem)}\n`);
  else process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}

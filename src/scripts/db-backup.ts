import Database from 'better-sqlite3';
import dotenv from 'dotenv';
import { ConfigError, loadConfig } from '../config.js';
import { backupDatabase, BackupError } from '../db/backup.js';
import { createI18n } from '../shared/i18n.js';

// `npm run db:backup -- <file> [--force]`: a consistent copy of the configured database, taken
// while the shop runs. The database is opened read-only and without migrations, so a newer
// checkout never changes the schema under a running older shop.
dotenv.config({ quiet: true });
const i18n = createI18n();
let locale: 'ru' | 'en' = 'ru';
try {
  const config = loadConfig();
  locale = config.consoleLocale;
  const args = process.argv.slice(2);
  const target = args.find((a) => !a.startsWith('--'));
  if (!target || config.databasePath === ':memory:') {
    process.stderr.write(`${i18n.t(locale, 'backup-usage')}\n`);
    process.exit(2);
  }
  const source = new Database(config.databasePath, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  const { path, pages } = await backupDatabase(source, target, { overwrite: args.includes('--force') });
  source.close();
  process.stdout.write(`${i18n.t(locale, 'backup-done', { path, pages: String(pages) })}\n`);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof BackupError) process.stderr.write(`${i18n.t(locale, `backup-${error.problem}`, { path: error.path })}\n`);
  else process.stderr.write(`${error instanceof ConfigError ? reason : i18n.t(locale, 'backup-failed', { reason })}\n`);
  process.exit(1);
}

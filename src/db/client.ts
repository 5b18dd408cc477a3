import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Logger } from '../shared/logger.js';
import { securePrivateFiles } from './file-modes.js';
import { mapIntoMemory } from './memory-map.js';
import { zeroFreedBytes } from './secure-delete.js';
import * as schema from './schema.js';

/** The drizzle database every service receives. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Opens (creating if needed) the SQLite database, sets the pragmas the app relies on and
 * applies every pending migration from `drizzle/`. `:memory:` gives a fresh database for tests.
 * A file database and its folder are made readable by the owner only before anything is written;
 * files an older version left open to others are tightened, with one warning on `logger`.
 */
export function openDatabase(path: string, opts: { logger?: Pick<Logger, 'warn'> } = {}): Db {
  if (path !== ':memory:') {
    const tightened = securePrivateFiles(path);
    if (tightened.length > 0) opts.logger?.warn({ files: tightened }, 'database files were readable by other users; made them readable by the owner only');
  }
  const sqlite = new Database(path);
  // WAL lets readers run while a writer commits; busy_timeout waits out a competing writer
  // (another process, e.g. `npm run seed:demo` while the bot runs) instead of failing at once.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  mapIntoMemory(sqlite);
  zeroFreedBytes(sqlite);
  const db = drizzle(sqlite, { schema });
  // Migrations that rebuild a table (SQLite's way to drop a column) must run with foreign keys
  // off, which a pragma cannot change inside the migration's transaction; checked right after.
  sqlite.pragma('foreign_keys = OFF');
  migrate(db, { migrationsFolder });
  sqlite.pragma('foreign_keys = ON');
  const broken = sqlite.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`database has ${broken.length} rows with broken references after migration`);
  return db as Db;
}

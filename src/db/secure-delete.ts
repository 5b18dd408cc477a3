import type Database from 'better-sqlite3';

/**
 * Makes a connection overwrite deleted and replaced content with zeros (`secure_delete`), so a
 * buyer's erased name, phone or address cannot be read back from free space in the file. Set on
 * every connection: it is a per-connection setting, and any connection may write or checkpoint.
 */
export function zeroFreedBytes(sqlite: Database.Database): void {
  sqlite.pragma('secure_delete = ON');
}

import type { Db } from './client.js';

/**
 * Statements built and prepared once per database connection, for queries every event runs:
 * building the SQL and preparing it again each time cost more than SQLite's own work on them.
 * Functions keep taking `db`, so callers do not change.
 */
export function preparedOnce<T>(build: (db: Db) => T): (db: Db) => T {
  const byConnection = new WeakMap<Db, T>();
  return (db) => {
    let statements = byConnection.get(db);
    if (!statements) {
      statements = build(db);
      byConnection.set(db, statements);
    }
    return statements;
  };
}

import { asc, eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { products, searchRevision } from '../db/schema.js';
import { inStock, visible } from './catalog-sql.js';
import { buildSearchQueries } from './search-query.js';

/**
 * One search, with everything needed to run it on any connection to the database: the
 * storefront's scope travels with it, so the search worker needs no cache of its own.
 */
export interface SearchRequest {
  storefrontId: number;
  /** The categories the storefront hides, as the catalog service keeps them (a JSON array). */
  hiddenJson: string;
  /** What the buyer typed. */
  query: string;
  offset: number;
  limit: number;
}

/** The products of one search page, best first, and how many the whole search found. */
export interface SearchHits {
  ids: number[];
  total: number;
  /** The search revision they were found at (see `searchRevision` in the schema). */
  revision: number;
}

/** A connection the search runs on: the engine's, or the search worker's own. */
type Connection = BetterSQLite3Database<Record<string, unknown>> & { $client: Database.Database };

/** Runs a search on one connection. */
export type FindHits = (request: SearchRequest) => SearchHits;

/**
 * Prepares the search statement on a connection (the engine's, or the search worker's own).
 * All words first; with none of those shown, all but one word, then any word, best matches first.
 */
export function createFindHits(db: Connection): FindHits {
  // The best 500 matches by relevance (name weighs most, then category, params, description),
  // the shown ones of them in stock first; one statement, so only the page's rows leave SQLite.
  const hits = sql`(select rowid as id, bm25(product_search, 10.0, 4.0, 2.0, 1.0) as score from product_search
    where product_search match ${sql.placeholder('match')} order by score limit 500) as "hits"`;
  const searchPage = db
    .select({ id: products.id, total: sql<number>`count(*) over ()` })
    .from(products)
    .innerJoin(hits, sql`"hits"."id" = "products"."id"`)
    .where(visible)
    .orderBy(sql`${inStock} desc`, sql`"hits"."score"`, asc(products.id))
    .limit(sql.placeholder('limit'))
    .offset(sql.placeholder('offset'))
    .prepare();
  const revisionNow = createSearchRevision(db);

  const find: FindHits = ({ storefrontId, hiddenJson, query, offset, limit }) => {
    const revision = revisionNow();
    for (const match of buildSearchQueries(query)) {
      const scope = { storefrontId, hiddenJson, match };
      const rows = searchPage.all({ ...scope, offset, limit: Math.max(limit, 1) });
      // A page past the end has no rows to carry the total: ask for the first row to learn it.
      const total = rows[0]?.total ?? (offset > 0 ? (searchPage.all({ ...scope, offset: 0, limit: 1 })[0]?.total ?? 0) : 0);
      if (total === 0) continue;
      return { ids: rows.slice(0, limit).map((r) => r.id), total, revision };
    }
    return { ids: [], total: 0, revision };
  };
  // Outside a transaction (the search worker), the revision and the hits are read in one, so they agree.
  const together = db.$client.transaction(find);
  return (request) => (db.$client.inTransaction ? find(request) : together.deferred(request));
}

/** Reads the search revision on a connection: a search's hits are still right while it stays the same. */
export function createSearchRevision(db: BetterSQLite3Database<Record<string, unknown>>): () => number {
  const now = db.select({ revision: searchRevision.revision }).from(searchRevision).where(eq(searchRevision.id, 1)).prepare();
  return () => now.get()?.revision ?? 0;
}

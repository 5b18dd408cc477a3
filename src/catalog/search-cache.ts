import type { SearchHits, SearchRequest } from './search-hits.js';
import { buildSearchQueries } from './search-query.js';

/**
 * The pages of recent searches, kept while the search revision stays the same. Buyers type the
 * same few words ("кеды", "платье") again and again: a page kept here is answered in one pass,
 * without ranking a thousand matches again or a round trip to the search worker.
 */
export interface SearchCache {
  /** The page of this search, if it was found at `revision` (the revision now). */
  get(request: SearchRequest, revision: number): SearchHits | undefined;
  /** Keeps a page; the least recently used one goes once `capacity` pages are kept. */
  set(request: SearchRequest, hits: SearchHits): void;
}

/**
 * What a search's page depends on: the storefront's scope, the page, and the query as the search
 * reads it (its MATCH expressions), so "Кроссовки  " and "кроссовки" are one search.
 */
export function searchKey(request: SearchRequest): string {
  return JSON.stringify([request.storefrontId, request.hiddenJson, buildSearchQueries(request.query), request.offset, request.limit]);
}

/** Creates an empty cache holding at most `capacity` pages (a page is a few ids: 2,000 take well under a megabyte). */
export function createSearchCache(capacity = 2_000): SearchCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const pages = new Map<string, SearchHits>();
  return {
    get(request, revision) {
      const key = searchKey(request);
      const hits = pages.get(key);
      if (!hits) return undefined;
      pages.delete(key);
      // Found before the catalog changed: dropped, the caller searches again.
      if (hits.revision !== revision) return undefined;
      pages.set(key, hits);
      return hits;
    },
    set(request, hits) {
      const key = searchKey(request);
      pages.delete(key);
      pages.set(key, hits);
      if (pages.size > capacity) pages.delete(pages.keys().next().value!);
    },
  };
}

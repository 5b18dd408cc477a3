import type { SearchRequest } from '../catalog/search-hits.js';

/**
 * Thrown by a screen's search when the engine runs searches on the search worker and does not
 * have this one's result yet: the event's transaction is rolled back, the engine awaits the
 * worker, and handles the event again with the result at hand (see `createEngine`). Not an
 * Error: it is not a failure, and capturing a stack cost a tenth of a millisecond per search.
 */
export class SearchNeeded {
  constructor(readonly request: SearchRequest) {}
}

/** The key a search's result is kept under: while its event is handled again, and in the engine's search cache. */
export function searchKey(request: SearchRequest): string {
  return JSON.stringify([request.storefrontId, request.hiddenJson, request.query, request.offset, request.limit]);
}

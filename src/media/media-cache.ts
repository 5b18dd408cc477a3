import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { mediaCache } from '../db/schema.js';

/** Remembers what a picture URL became after its upload to a messenger. */
export interface MediaCache {
  get(owner: string, url: string): string | undefined;
  set(owner: string, url: string, ref: string): void;
}

/** Creates the media cache over the database, so uploads survive restarts. */
export function createMediaCache(db: Db): MediaCache {
  return {
    get(owner, url) {
      return db
        .select({ ref: mediaCache.ref })
        .from(mediaCache)
        .where(and(eq(mediaCache.owner, owner), eq(mediaCache.url, url)))
        .get()?.ref;
    },
    set(owner, url, ref) {
      db.insert(mediaCache)
        .values({ owner, url, ref })
        .onConflictDoUpdate({ target: [mediaCache.owner, mediaCache.url], set: { ref } })
        .run();
    },
  };
}

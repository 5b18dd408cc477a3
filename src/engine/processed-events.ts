import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { processedEvents } from '../db/schema.js';

/** How long an update id is remembered; platforms redeliver within minutes. */
const retentionMs = 3 * 24 * 60 * 60 * 1000;
const pruneEvery = 1000;

/** Remembers which inbound updates were handled, durably, so a redelivered one is skipped. */
export interface ProcessedEvents {
  /** True the first time an event id is seen for a storefront, false for a repeat. */
  claim(storefrontId: number, eventId: string): boolean;
}

/** Creates the store of handled events. */
export function createProcessedEvents(db: Db, now: () => number = Date.now): ProcessedEvents {
  let claims = 0;
  const insert = db
    .insert(processedEvents)
    .values({ storefrontId: sql.placeholder('storefrontId'), eventId: sql.placeholder('eventId'), at: sql.placeholder('at') })
    .onConflictDoNothing()
    .prepare();
  return {
    claim(storefrontId, eventId) {
      const result = insert.run({ storefrontId, eventId, at: now() });
      if (++claims % pruneEvery === 0) db.delete(processedEvents).where(lt(processedEvents.at, now() - retentionMs)).run();
      return result.changes === 1;
    },
  };
}

import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import type { OutboxGate } from './outbox-worker.js';

/** Whole hours of the storefront's night, e.g. from 22 to 9: no news to buyers then unless it answers them. */
export interface QuietHours {
  from: number;
  to: number;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

function secondsOfDay(at: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23' });
    clocks.set(timeZone, clock);
  }
  const part = (type: string) => Number(clock.formatToParts(new Date(at)).find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 3600 + part('minute') * 60 + part('second');
}

/**
 * The earliest moment from `at` on that is outside the quiet hours in `timeZone`: `at` itself in
 * the day, else the next end of the night there (09:00). A clock change during the night shifts
 * it by that hour.
 */
export function quietUntil(at: number, timeZone: string, hours: QuietHours): number {
  const day = 24 * 3600;
  const seconds = secondsOfDay(at, timeZone);
  const from = hours.from * 3600;
  const to = hours.to * 3600;
  // The night crosses midnight (22–9) or lies within one day (1–6).
  const quiet = from > to ? seconds >= from || seconds < to : seconds >= from && seconds < to;
  if (!quiet) return at;
  const wait = (to - seconds + day) % day;
  return at - (at % 1000) + wait * 1000;
}

/**
 * A gate for messages to buyers that do not answer them (order status news): held through the
 * storefront's night, after whatever `inner` gate (the coalescing window) asks for.
 */
export function buyerQuietGate(db: Db, hours: QuietHours | null, inner?: OutboxGate): OutboxGate {
  return (row, now) => {
    const notBefore = Math.max(inner?.(row, now) ?? now, now);
    if (!hours) return notBefore;
    const timeZone = row.storefrontId === null ? undefined : db.select({ tz: storefronts.timeZone }).from(storefronts).where(eq(storefronts.id, row.storefrontId)).get()?.tz;
    return timeZone ? quietUntil(notBefore, timeZone, hours) : notBefore;
  };
}

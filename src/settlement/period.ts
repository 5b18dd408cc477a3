import type { Period } from './earnings.js';

/** How far a time zone is ahead of UTC at a moment, in milliseconds. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return local - Math.floor(at / 1000) * 1000;
}

/** Midnight of the 1st of a month in a time zone, as epoch milliseconds. */
function monthStart(year: number, month: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, 1);
  return guess - zoneOffset(guess - zoneOffset(guess, timeZone), timeZone);
}

/** A calendar month as `yyyymm`, e.g. 202611. */
export type MonthKey = number;

/** The month a moment falls in, in a time zone. */
export function monthOf(at: number, timeZone: string): MonthKey {
  const local = new Date(at + zoneOffset(at, timeZone));
  return local.getUTCFullYear() * 100 + local.getUTCMonth() + 1;
}

/** The month before. */
export function previousMonth(key: MonthKey): MonthKey {
  const year = Math.floor(key / 100);
  const month = key % 100;
  return month === 1 ? (year - 1) * 100 + 12 : key - 1;
}

/** The month after. */
export function nextMonth(key: MonthKey): MonthKey {
  const year = Math.floor(key / 100);
  const month = key % 100;
  return month === 12 ? (year + 1) * 100 + 1 : key + 1;
}

/** The period of a month in a time zone. */
export function monthPeriod(key: MonthKey, timeZone: string): Period {
  const year = Math.floor(key / 100);
  const month = key % 100;
  const next = month === 12 ? [year + 1, 1] : [year, month + 1];
  return { from: monthStart(year, month, timeZone), to: monthStart(next[0]!, next[1]!, timeZone) };
}

/** Reads `2026-10` (or `10.2026`) as a month; undefined for anything else. */
export function parseMonth(text: string): MonthKey | undefined {
  const iso = /^(\d{4})-(\d{1,2})$/.exec(text);
  const dotted = /^(\d{1,2})\.(\d{4})$/.exec(text);
  const year = Number(iso?.[1] ?? dotted?.[2]);
  const month = Number(iso?.[2] ?? dotted?.[1]);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? year * 100 + month : undefined;
}

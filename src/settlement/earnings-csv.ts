import type { Locale } from '../shared/money.js';
import type { Earnings, SettledOrderLine } from './earnings.js';

/** Column titles, in the reader's language. */
export type CsvTitles = (id: string) => string;

// Russian spreadsheets expect `;` between fields and a decimal comma; English ones `,` and a point.
const formats: Record<Locale, { separator: string; decimal: string }> = {
  ru: { separator: ';', decimal: ',' },
  en: { separator: ',', decimal: '.' },
};

/** An amount written as a number the spreadsheet computes with (`-12,50`), never taken for a formula. */
interface Amount {
  amount: string;
}

/** A cell: text (names, labels: may come from anyone), a count, or an amount of money. */
type Cell = string | number | Amount;

// A spreadsheet runs a text cell starting with one of these as a formula (OWASP "CSV injection"):
// a storefront named `=HYPERLINK(...)` would otherwise become a link in HQ's own spreadsheet.
const formulaStart = /^[=+\-@\t\r]/;

/** Text as a spreadsheet shows it, never as a formula: a leading `'` makes it plain text. */
export function neutralizeCell(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

function csv(rows: Cell[][], locale: Locale): string {
  const { separator } = formats[locale];
  const cell = (value: Cell) => {
    const text = typeof value === 'string' ? neutralizeCell(value) : typeof value === 'number' ? String(value) : value.amount;
    return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  // The byte-order mark makes spreadsheet programs read the file as UTF-8.
  return `\uFEFF${rows.map((row) => row.map(cell).join(separator)).join('\r\n')}\r\n`;
}

/** Kopecks as roubles with two decimals: `1234,50` (ru) or `1234.50` (en). */
export function rubles(kopecks: number, locale: Locale): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.floor(abs / 100)}${formats[locale].decimal}${String(abs % 100).padStart(2, '0')}`;
}

/** The franchisee's CSV: one line per order delivered or refused in the period. */
export function settledOrdersCsv(lines: SettledOrderLine[], locale: Locale, t: CsvTitles, date: (ms: number) => string): string {
  const money = (k: number | undefined): Amount => ({ amount: rubles(k ?? 0, locale) });
  return csv(
    [
      ['date', 'order', 'outcome', 'cod', 'wholesale', 'royalty', 'margin', 'return_fee'].map((c) => t(`csv-${c}`)),
      ...lines.map((l) => [
        date(l.settledAt),
        l.number,
        t(`csv-outcome-${l.outcome}`),
        money(l.amounts.cod),
        money(l.amounts.wholesale),
        money(l.amounts.royalty),
        money(l.amounts.margin),
        money(l.amounts.return_fee),
      ]),
    ],
    locale,
  );
}

/** The franchisor's CSV: one line per storefront. */
export function networkCsv(rows: Earnings[], locale: Locale, t: CsvTitles): string {
  const money = (k: number): Amount => ({ amount: rubles(k, locale) });
  return csv(
    [
      ['shop', 'delivered', 'refused', 'buyout', 'sales', 'wholesale', 'royalty', 'margin', 'return_fees', 'pending_cash'].map((c) => t(`csv-${c}`)),
      ...rows.map((r) => [
        r.storefrontName,
        r.delivered,
        r.refused,
        r.buyoutRate === undefined ? '' : Math.round(r.buyoutRate * 100),
        money(r.sales),
        money(r.wholesale),
        money(r.royalty),
        money(r.margin),
        money(r.returnFees),
        money(r.pendingCash),
      ]),
    ],
    locale,
  );
}

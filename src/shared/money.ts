/** Money is always an integer number of kopecks. */
export type Kopecks = number;

/** A locale the bot speaks. Russian is the default. */
export type Locale = 'ru' | 'en';

const separators: Record<Locale, { group: string; decimal: string }> = {
  // Plain spaces, as Russian shops print prices ("4 290 ₽").
  ru: { group: ' ', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

/** Formats kopecks as roubles for people: `4 290 ₽`, `1 990,50 ₽`; English: `4,290 ₽`. */
export function formatMoney(kopecks: Kopecks, locale: Locale): string {
  if (!Number.isInteger(kopecks)) throw new TypeError(`money must be integer kopecks, got ${kopecks}`);
  const { group, decimal } = separators[locale];
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  const rubles = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const cents = abs % 100;
  return `${sign}${rubles}${cents ? decimal + String(cents).padStart(2, '0') : ''} ₽`;
}

/** Parameter names that carry sizes, in the forms Russian suppliers use. */
const sizeParam = /^(размер|size|размер одежды|размер обуви|российский размер|rus size|ru size)$/i;

export const isSizeParam = (name: string) => sizeParam.test(name.trim());

/** Splits a size list written in one value: "S, M, L", "38/39/40", "42; 44". */
export function splitSizes(value: string): string[] {
  return value
    .split(/[,;/|]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', laquo: '«', raquo: '»', hellip: '…' };

/** Turns an HTML description (often inside CDATA) into clean text with paragraph breaks kept. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<\s*li[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(parseInt(code.slice(2), 16));
      if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
      return entities[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}

/** Reads a price as feeds write it ("4290", "4290.00", "4 290,50") into kopecks; null when it is not a price. */
export function parsePrice(raw: string): number | null {
  const text = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(text)) return null;
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const kopecks = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return text.startsWith('-') ? -kopecks : kopecks;
}

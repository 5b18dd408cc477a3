/** Longest query the search reads; the rest of a very long message is ignored. */
export const maxSearchWords = 8;

/**
 * Turns what a buyer typed into FTS5 MATCH expressions: first every word must match, then any
 * word. Russian has no stemmer in SQLite, so longer words are matched by their stem-ish prefix
 * ("куртку" → "курт*" finds "куртка"); ё is folded to е as in the index.
 */
export function buildSearchQueries(input: string): string[] {
  const words = (input.toLowerCase().replaceAll('ё', 'е').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, maxSearchWords);
  if (words.length === 0) return [];
  const terms = words.map((w) => {
    const chars = [...w];
    const stem = chars.length >= 5 ? chars.slice(0, Math.max(4, chars.length - 2)).join('') : w;
    return `"${stem}"*`;
  });
  const all = terms.join(' ');
  return terms.length > 1 ? [all, terms.join(' OR ')] : [all];
}

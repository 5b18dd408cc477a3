/** Longest query the search reads; the rest of a very long message is ignored. */
export const maxSearchWords = 8;

/**
 * Turns what a buyer typed into FTS5 MATCH expressions: first every word must match, then all
 * but one, then any word. Russian has no stemmer in SQLite, so longer words are matched by their
 * stem-ish prefix ("куртку" → "курт*" finds "куртка"); ё is folded to е as in the index.
 */
export function buildSearchQueries(input: string): string[] {
  const all = input.toLowerCase().replaceAll('ё', 'е').match(/[\p{L}\p{N}]+/gu) ?? [];
  // Short words ("и", "на", "с") match nearly everything as prefixes: left out unless nothing else is there.
  const meaningful = all.filter((w) => [...w].length >= 3);
  const words = (meaningful.length > 0 ? meaningful : all).slice(0, maxSearchWords);
  if (words.length === 0) return [];
  const terms = words.map((w) => {
    const chars = [...w];
    const stem = chars.length >= 5 ? chars.slice(0, Math.max(4, chars.length - 2)).join('') : w;
    return `"${stem}"*`;
  });
  const every = terms.join(' ');
  if (terms.length === 1) return [every];
  // With three words or more, items matching all but one come before items matching any one:
  // closer to what was asked, and far cheaper for SQLite than ranking every item with any word.
  const allButOne = terms.map((_, skipped) => `(${terms.filter((__, i) => i !== skipped).join(' ')})`).join(' OR ');
  return terms.length > 2 ? [every, allButOne, terms.join(' OR ')] : [every, terms.join(' OR ')];
}

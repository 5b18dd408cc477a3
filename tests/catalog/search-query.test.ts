import { describe, expect, it } from 'vitest';
import { buildSearchQueries } from '../../src/catalog/search-query.js';

describe('search query', () => {
  it('matches all words first, then any word', () => {
    expect(buildSearchQueries('Куртку зимнюю')).toEqual(['"курт"* "зимн"*', '"курт"* OR "зимн"*']);
  });
  it('folds ё and case, and keeps short words whole', () => {
    expect(buildSearchQueries('ЧЁРНЫЙ топ')).toEqual(['"черн"* "топ"*', '"черн"* OR "топ"*']);
  });
  it('ignores punctuation and FTS syntax a buyer might type', () => {
    expect(buildSearchQueries('"; DROP TABLE products; --')).toEqual([
      '"drop"* "tabl"* "produc"*',
      '("tabl"* "produc"*) OR ("drop"* "produc"*) OR ("drop"* "tabl"*)',
      '"drop"* OR "tabl"* OR "produc"*',
    ]);
    expect(buildSearchQueries('!!! ???')).toEqual([]);
  });
});

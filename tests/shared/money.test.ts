import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/shared/money.js';

describe('formatMoney', () => {
  it('formats kopecks as Russian shops print prices', () => {
    expect(formatMoney(429000, 'ru')).toBe('4 290 ₽');
    expect(formatMoney(99000, 'ru')).toBe('990 ₽');
    expect(formatMoney(12345678900, 'ru')).toBe('123 456 789 ₽');
    expect(formatMoney(199050, 'ru')).toBe('1 990,50 ₽');
    expect(formatMoney(5, 'ru')).toBe('0,05 ₽');
  });
  it('uses English separators for English', () => {
    expect(formatMoney(429000, 'en')).toBe('4,290 ₽');
    expect(formatMoney(199050, 'en')).toBe('1,990.50 ₽');
  });
  it('refuses fractional kopecks', () => {
    expect(() => formatMoney(10.5, 'ru')).toThrow(TypeError);
  });
});

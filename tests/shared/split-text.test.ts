import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/shared/split-text.js';

describe('splitText', () => {
  it('leaves short text alone', () => {
    expect(splitText('привет', 4096)).toEqual(['привет']);
  });
  it('splits at line breaks and keeps every line', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `строка номер ${i} с товаром`);
    const parts = splitText(lines.join('\n'), 4096);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
    expect(parts.join('\n').split('\n')).toEqual(lines);
  });
  it('never cuts an emoji in half', () => {
    const parts = splitText('😀'.repeat(3000), 4096);
    expect(parts.every((p) => p.length <= 4096 && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
    expect(parts.join('')).toBe('😀'.repeat(3000));
  });
});

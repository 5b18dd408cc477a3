import { describe, expect, it } from 'vitest';
import { fitLabel, keyboard } from '../../src/shared/replies.js';
import { KeyboardLimitError } from '../../src/shared/errors.js';

const b = (label: string, action = 'h') => ({ label, action });

describe('keyboard builder', () => {
  it('drops empty slots and rows', () => {
    expect(keyboard([[b('a'), false, undefined], [null], [b('c')]])).toEqual([[b('a')], [b('c')]]);
  });
  it('refuses keyboards beyond the stricter of Telegram and VK limits', () => {
    expect(() => keyboard([Array.from({ length: 6 }, (_, i) => b(String(i)))])).toThrow(KeyboardLimitError);
    expect(() => keyboard(Array.from({ length: 11 }, (_, i) => [b(String(i))]))).toThrow(KeyboardLimitError);
    expect(() => keyboard(Array.from({ length: 7 }, (_, i) => [b(String(i))]))).toThrow(/rows/);
    expect(() => keyboard([[b('x'.repeat(41))]])).toThrow(/label/);
    // 33 Cyrillic letters are 66 bytes: over Telegram's 64-byte callback_data.
    expect(() => keyboard([[b('ok', 'я'.repeat(33))]])).toThrow(/bytes/);
  });
  it('shortens long labels with an ellipsis', () => {
    const label = fitLabel('Куртка-парка утеплённая с капюшоном и мехом · 8 900 ₽');
    expect([...label].length).toBe(40);
    expect(label.endsWith('…')).toBe(true);
  });
});

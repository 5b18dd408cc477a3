import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, type Action } from '../../src/engine/actions.js';

describe('button actions', () => {
  const samples: Action[] = [
    { name: 'home' },
    { name: 'category', id: 12, page: 3 },
    { name: 'product', id: 999999999999, sizePage: 1, from: 'c12.3' },
    { name: 'product', id: 5, sizePage: 0, from: '' },
    { name: 'product', id: 5, sizePage: 0, from: 's2' },
    { name: 'add', variantId: 45 },
    { name: 'cart-inc', id: 7 },
    { name: 'checkout-confirm', key: 'AbC-_12x' },
    { name: 'order', id: 1001 },
  ];
  it('round-trip and fit Telegram callback_data (64 bytes)', () => {
    for (const action of samples) {
      const data = encodeAction(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeAction(data)).toEqual(action);
    }
  });
  it('decode foreign, stale or malformed payloads to null', () => {
    for (const data of ['', 'thedata', 'p', 'p:1', 'p:x:0', 'p:1:0:9', 'c:-1:0', 'oc:bad key!', 'a'.repeat(100), 'hlp:1']) {
      expect(decodeAction(data), data).toBeNull();
    }
  });
});

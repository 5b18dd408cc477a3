import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { secretsEqual } from '../../src/shared/constant-time.js';

describe('secretsEqual', () => {
  it('matches only the same secret', () => {
    expect(secretsEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(secretsEqual(Buffer.from('s3cret-token'), 's3cret-token')).toBe(true);
    expect(secretsEqual('s3cret-tokem', 's3cret-token')).toBe(false);
    expect(secretsEqual('S3cret-token', 's3cret-token')).toBe(false);
  });

  it('handles other lengths, empty and missing values without throwing', () => {
    expect(secretsEqual('s3cret', 's3cret-token')).toBe(false);
    expect(secretsEqual('s3cret-token-and-more', 's3cret-token')).toBe(false);
    expect(secretsEqual('', 's3cret-token')).toBe(false);
    expect(secretsEqual(undefined, 's3cret-token')).toBe(false);
    // An unset expected secret must not be matched by an absent one.
    expect(secretsEqual(undefined, '')).toBe(false);
    expect(secretsEqual('ключ', 'ключ')).toBe(true);
  });

  it('is what every secret check of the internet-facing routes goes through', () => {
    // Behavioural tests (same-length forgeries refused) live with each route; this keeps a later
    // edit from going back to `===` or a length check that exits early.
    for (const file of ['src/adapters/telegram/telegram-adapter.ts', 'src/adapters/vk/vk-adapter.ts', 'src/fulfillment/signature.ts']) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).toMatch(/secretsEqual\(/);
      expect(source, file).not.toMatch(/timingSafeEqual|[!=]==\s*secret\b|\bsecret\s*[!=]==\s*[^\s']/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createSecretBox, isSealed, parseSecretsKey, SecretBoxError } from '../../src/shared/secret-box.js';

const key = Buffer.alloc(32, 0x5a);
const token = `987654321:${'F'.repeat(35)}`;

/** Flips one bit of the byte at `index` of the sealed value's decoded body (ciphertext, then tag). */
function flipBody(sealed: string, index: number): string {
  const [, , iv, body] = sealed.split(':') as [string, string, string, string];
  const bytes = Buffer.from(body, 'base64url');
  bytes[index < 0 ? bytes.length + index : index]! ^= 1;
  return `enc:v1:${iv}:${bytes.toString('base64url')}`;
}

describe('secret box (AES-256-GCM)', () => {
  it('seals to a versioned value that hides the secret, with a fresh IV each time, and opens it again', () => {
    const box = createSecretBox(key);
    const a = box.seal(token, 'ctx');
    const b = box.seal(token, 'ctx');
    expect(a).toMatch(/^enc:v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('FFFF');
    expect(isSealed(a)).toBe(true);
    expect(isSealed(token)).toBe(false);
    expect(box.open(a, 'ctx')).toBe(token);
    expect(box.open(b, 'ctx')).toBe(token);
  });

  it('refuses a value altered by one bit anywhere (ciphertext, tag or IV), another key, or another context', () => {
    const box = createSecretBox(key);
    const sealed = box.seal(token, 'storefronts.telegram_token:2');
    const [, , iv, body] = sealed.split(':') as [string, string, string, string];
    const ivBytes = Buffer.from(iv, 'base64url');
    ivBytes[0]! ^= 1;
    const attempts = [
      () => box.open(flipBody(sealed, 0), 'storefronts.telegram_token:2'),
      () => box.open(flipBody(sealed, -1), 'storefronts.telegram_token:2'),
      () => box.open(`enc:v1:${ivBytes.toString('base64url')}:${body}`, 'storefronts.telegram_token:2'),
      () => createSecretBox(Buffer.alloc(32, 0x5b)).open(sealed, 'storefronts.telegram_token:2'),
      () => box.open(sealed, 'storefronts.telegram_token:3'),
      () => box.open(sealed.slice(0, -4), 'storefronts.telegram_token:2'),
      () => box.open('enc:v1:short:x', 'storefronts.telegram_token:2'),
      () => box.open(token),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(SecretBoxError);
      try {
        attempt();
      } catch (error) {
        expect((error as Error).message).not.toContain('FFFF');
      }
    }
  });

  it('accepts only a 32-byte key, written as hex or base64', () => {
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(SecretBoxError);
    expect(parseSecretsKey('0f'.repeat(32))).toEqual(Buffer.alloc(32, 0x0f));
    expect(parseSecretsKey(Buffer.alloc(32, 9).toString('base64'))).toEqual(Buffer.alloc(32, 9));
    expect(parseSecretsKey(Buffer.alloc(32, 9).toString('base64').replace('=', ''))).toEqual(Buffer.alloc(32, 9));
    expect(parseSecretsKey('0f'.repeat(16))).toBeUndefined();
    expect(parseSecretsKey('a password of sorts')).toBeUndefined();
  });
});

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Both sides are reduced to HMACs under a key drawn once per process: the comparison then always
// runs over 32 bytes, so neither the length of the secret nor the position of the first differing
// byte shows in the time it takes, and a caller cannot precompute inputs that collide.
const key = randomBytes(32);
const digest = (value: string | Buffer) => createHmac('sha256', key).update(value).digest();

/**
 * Compares a secret a client sent with the expected one in constant time. Any length, any
 * content; `undefined` (a missing header or field) never matches.
 */
export function secretsEqual(given: string | Buffer | undefined, expected: string | Buffer): boolean {
  // A missing value is still hashed, so "absent" takes as long as "wrong".
  const same = timingSafeEqual(digest(given ?? ''), digest(expected));
  return same && given !== undefined;
}

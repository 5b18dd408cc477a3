import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a value sealed by {@link createSecretBox}; the version names the format, so it can change later. */
const prefix = 'enc:v1:';
const ivBytes = 12;
const tagBytes = 16;

/** Thrown when a sealed value cannot be opened: another key, or the stored bytes were altered. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/**
 * Encrypts short secrets (bot tokens, webhook secrets) for storage. Each value gets a fresh random
 * IV; GCM's tag makes any change to the stored text, or a value moved to another row, fail to open.
 */
export interface SecretBox {
  /**
   * Returns `enc:v1:<iv>:<ciphertext and tag>` (base64url). `context` (e.g. `storefronts.telegram_token:7`)
   * is authenticated, not stored: the value opens only with the same context, so a sealed token
   * copied into another storefront's row does not open there.
   */
  seal(plain: string, context?: string): string;
  /** Opens a value sealed with this key and the same context; throws {@link SecretBoxError} otherwise. */
  open(sealed: string, context?: string): string;
}

/** True when the stored value was sealed by a secret box (and is not a plain-text secret). */
export function isSealed(value: string): boolean {
  return value.startsWith(prefix);
}

/** Creates a secret box over a 32-byte AES-256-GCM key. */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new SecretBoxError('the secrets key must be 32 bytes');
  const secretKey = Buffer.from(key);
  return {
    seal(plain, context = '') {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv, { authTagLength: tagBytes });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${prefix}${iv.toString('base64url')}:${body.toString('base64url')}`;
    },
    open(sealed, context = '') {
      if (!isSealed(sealed)) throw new SecretBoxError('the value is not sealed');
      const [ivText, bodyText, ...rest] = sealed.slice(prefix.length).split(':');
      const iv = Buffer.from(ivText ?? '', 'base64url');
      const body = Buffer.from(bodyText ?? '', 'base64url');
      if (rest.length > 0 || iv.length !== ivBytes || body.length < tagBytes) throw new SecretBoxError('the sealed value is malformed');
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, iv, { authTagLength: tagBytes });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - tagBytes));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - tagBytes)), decipher.final()]).toString('utf8');
      } catch {
        // Node's own message ("Unsupported state or unable to authenticate data") says nothing useful.
        throw new SecretBoxError('the sealed value does not open with this key (another key, or the stored value was altered)');
      }
    },
  };
}

/**
 * Reads a secrets key written as 64 hex characters or as base64 of 32 bytes; undefined for anything
 * else, so configuration can say what is wrong without echoing the value.
 */
export function parseSecretsKey(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const key = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (key.length === 32) return key;
  }
  return undefined;
}

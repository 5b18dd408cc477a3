import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { storefronts } from '../../src/db/schema.js';
import { createSecretBox, isSealed } from '../../src/shared/secret-box.js';
import { storedBotSecrets, telegramWebhookSecret } from '../../src/storefronts/bot-secrets.js';
import { createBotTokens } from '../../src/storefronts/bot-tokens.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';

const box = createSecretBox(Buffer.alloc(32, 0x5c));
const quiet = { warn: () => undefined, info: () => undefined };

describe('webhook secrets at rest', () => {
  it('are sealed with SECRETS_KEY, stable across calls, and readable only with the key', () => {
    const db = openDatabase(':memory:');
    const shop = ensureDefaultStorefront(db, { name: 'HQ', timeZone: 'Europe/Moscow' });
    const secret = telegramWebhookSecret(db, shop.id, box);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = db.select().from(storefronts).where(eq(storefronts.id, shop.id)).get()!.telegramWebhookSecret!;
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain(secret);
    expect(telegramWebhookSecret(db, shop.id, box)).toBe(secret);
    expect(storedBotSecrets(db, box)).toEqual([secret]);
    // Another key cannot open it: the start stops instead of registering a webhook nobody can verify.
    expect(() => createBotTokens(db, createSecretBox(Buffer.alloc(32, 0x11))).secureStored(quiet)).toThrow(/webhook secret/);
  });

  it('stored in plain text before the key was set are sealed at start, keeping the same secret', () => {
    const db = openDatabase(':memory:');
    const shop = ensureDefaultStorefront(db, { name: 'HQ', timeZone: 'Europe/Moscow' });
    const secret = telegramWebhookSecret(db, shop.id);
    expect(db.select().from(storefronts).get()!.telegramWebhookSecret).toBe(secret);
    const warnings: unknown[] = [];
    // Without a key, a webhook secret alone is not the plain-token warning (only tokens run bots).
    createBotTokens(db).secureStored({ warn: (...a: unknown[]) => warnings.push(a), info: () => undefined });
    expect(warnings).toEqual([]);
    createBotTokens(db, box).secureStored(quiet);
    expect(isSealed(db.select().from(storefronts).get()!.telegramWebhookSecret!)).toBe(true);
    expect(telegramWebhookSecret(db, shop.id, box)).toBe(secret);
  });
});

import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import { isSealed, type SecretBox } from '../shared/secret-box.js';
import { contextOf } from './bot-tokens.js';

/** 32 random bytes, base64url: 43 characters of the `A-Za-z0-9_-` Telegram allows (1–256). */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The secret Telegram must send with every webhook request to a storefront's bot: random, made on
 * first need and kept in the database, so it survives restarts and nobody can work it out from
 * the bot's token. All reads and writes of it live here (one place to encrypt them at rest).
 */
export function telegramWebhookSecret(db: Db, storefrontId: number, box?: SecretBox): string {
  const context = contextOf(storefrontId, 'telegramWebhookSecret');
  // Only the first caller writes: two starts racing still agree on one secret.
  const fresh = newSecret();
  db.update(storefronts)
    .set({ telegramWebhookSecret: box ? box.seal(fresh, context) : fresh })
    .where(and(eq(storefronts.id, storefrontId), isNull(storefronts.telegramWebhookSecret)))
    .run();
  const row = db.select({ secret: storefronts.telegramWebhookSecret }).from(storefronts).where(eq(storefronts.id, storefrontId)).get();
  if (!row?.secret) throw new Error(`no storefront ${storefrontId}`);
  // Sealed values were checked at start (createBotTokens().secureStored); a plain one predates the key.
  return box && isSealed(row.secret) ? box.open(row.secret, context) : row.secret;
}

/**
 * The secret MAX must send in `X-Max-Bot-Api-Secret` to a storefront's bot: derived from the
 * stored random Telegram one (HMAC, so neither messenger learns the other's secret and no column
 * is needed), base64url as MAX allows.
 */
export function maxWebhookSecret(storedSecret: string): string {
  return createHmac('sha256', storedSecret).update('max-webhook').digest('base64url');
}

/** Every stored webhook secret, for the logger to scrub. */
export function storedBotSecrets(db: Db, box?: SecretBox): string[] {
  return db
    .select({ id: storefronts.id, secret: storefronts.telegramWebhookSecret })
    .from(storefronts)
    .where(isNotNull(storefronts.telegramWebhookSecret))
    .all()
    .map((r) => (box && isSealed(r.secret!) ? box.open(r.secret!, contextOf(r.id, 'telegramWebhookSecret')) : r.secret!));
}

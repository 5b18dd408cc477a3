import { eq, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { Logger } from '../shared/logger.js';
import { isSealed, SecretBoxError, type SecretBox } from '../shared/secret-box.js';

/**
 * The secret columns of `storefronts` sealed with the key: SQL name (part of the sealing context)
 * and how an error names the value. A new secret column is sealed, checked at start and migrated
 * from plain text once it is listed here.
 */
const secretColumns = {
  telegramToken: { sql: 'telegram_token', label: 'Telegram bot token' },
  vkToken: { sql: 'vk_token', label: 'VK bot token' },
  maxToken: { sql: 'max_token', label: 'MAX bot token' },
  telegramWebhookSecret: { sql: 'telegram_webhook_secret', label: 'Telegram webhook secret' },
} as const;

/** A secret column of `storefronts`. */
export type TokenColumn = keyof typeof secretColumns;
const tokenColumns = Object.keys(secretColumns) as TokenColumn[];

/** A stored bot token that cannot be used: another key, altered bytes, or a key missing. Never holds the token. */
export class BotTokenError extends Error {
  override readonly name = 'BotTokenError';
}

/** The storefront fields a token is read from. */
export type TokenRow = Pick<typeof storefronts.$inferSelect, 'id' | 'name' | 'telegramToken' | 'vkToken'> &
  Partial<Pick<typeof storefronts.$inferSelect, 'telegramWebhookSecret' | 'maxToken'>>;

/**
 * Franchisees' bot tokens as stored in `storefronts`: sealed with the secrets key when one is set,
 * plain text otherwise. Everything that writes or reads a token goes through here.
 */
export interface BotTokens {
  saveTelegram(storefrontId: number, token: string, username: string): void;
  saveVk(storefrontId: number, token: string, groupId: number): void;
  saveMax(storefrontId: number, token: string): void;
  /** The usable tokens of a storefront; throws {@link BotTokenError} naming the storefront when one does not open. */
  read(shop: TokenRow): { telegram?: string; vk?: string; max?: string };
  /**
   * Run once at start. With a key: seals tokens stored in plain text (scrubbing the old bytes from
   * the file) and checks that every sealed token opens, throwing {@link BotTokenError} if one does
   * not, so a wrong key stops the start instead of silently leaving franchisees' bots down.
   * Without a key: warns once when tokens are stored in plain text, and throws if some are sealed.
   */
  secureStored(logger: Pick<Logger, 'warn' | 'info'>): void;
}

// The row and column are authenticated with the token, so a sealed token copied into another
// storefront's row (by someone who can write the database but not read the key) does not open.
export const contextOf = (storefrontId: number, column: TokenColumn) => `storefronts.${secretColumns[column].sql}:${storefrontId}`;

/** Creates the token store over the database; `box` is absent when SECRETS_KEY is not set. */
export function createBotTokens(db: Db, box?: SecretBox): BotTokens {
  const seal = (storefrontId: number, column: TokenColumn, token: string) => (box ? box.seal(token, contextOf(storefrontId, column)) : token);

  function open(shop: TokenRow, column: TokenColumn): string | undefined {
    const stored = shop[column];
    if (!stored || !isSealed(stored)) return stored ?? undefined;
    const which = `storefront #${shop.id} «${shop.name}»: its ${secretColumns[column].label}`;
    if (!box) throw new BotTokenError(`${which} is encrypted, but SECRETS_KEY is not set`);
    try {
      return box.open(stored, contextOf(shop.id, column));
    } catch (error) {
      if (error instanceof SecretBoxError) throw new BotTokenError(`${which} does not open with SECRETS_KEY (another key, or the stored value was altered)`);
      throw error;
    }
  }

  const storedRows = () =>
    db
      .select({
        id: storefronts.id,
        name: storefronts.name,
        telegramToken: storefronts.telegramToken,
        vkToken: storefronts.vkToken,
        maxToken: storefronts.maxToken,
        telegramWebhookSecret: storefronts.telegramWebhookSecret,
      })
      .from(storefronts)
      .where(or(...tokenColumns.map((c) => isNotNull(storefronts[c]))))
      .all();

  return {
    saveTelegram(storefrontId, token, username) {
      db.update(storefronts).set({ telegramToken: seal(storefrontId, 'telegramToken', token), telegramUsername: username }).where(eq(storefronts.id, storefrontId)).run();
    },
    saveVk(storefrontId, token, groupId) {
      db.update(storefronts).set({ vkToken: seal(storefrontId, 'vkToken', token), vkGroupId: groupId }).where(eq(storefronts.id, storefrontId)).run();
    },
    saveMax(storefrontId, token) {
      db.update(storefronts).set({ maxToken: seal(storefrontId, 'maxToken', token) }).where(eq(storefronts.id, storefrontId)).run();
    },
    read: (shop) => ({ telegram: open(shop, 'telegramToken'), vk: open(shop, 'vkToken'), max: open(shop, 'maxToken') }),
    secureStored(logger) {
      const rows = storedRows();
      // Every sealed token must open before anything is changed: a wrong key is found at start.
      for (const row of rows) for (const column of tokenColumns) open(row, column);
      const plain = rows.flatMap((row) => tokenColumns.filter((c) => row[c] && !isSealed(row[c])).map((column) => ({ row, column })));
      if (plain.length === 0) return;
      if (!box) {
        // Webhook secrets alone are no reason to warn: only a token lets someone run a bot.
        const tokens = plain.filter((p) => p.column !== 'telegramWebhookSecret');
        if (tokens.length === 0) return;
        logger.warn(
          { storefronts: new Set(tokens.map((p) => p.row.id)).size, tokens: tokens.length },
          'franchisee bot tokens are stored in plain text: set SECRETS_KEY to encrypt them (anyone who reads the database file or a backup can run these bots)',
        );
        return;
      }
      sealInPlace(db, () => {
        for (const { row, column } of plain) {
          db.update(storefronts).set({ [column]: seal(row.id, column, row[column]!) }).where(eq(storefronts.id, row.id)).run();
        }
      });
      logger.info({ tokens: plain.length }, 'encrypted the bot tokens stored in plain text with SECRETS_KEY');
    },
  };
}

/**
 * Rewrites rows so the old bytes leave the file too: secure_delete zeroes the space the plain
 * values freed, and a TRUNCATE checkpoint moves the pages into the database and empties the log,
 * which still held the plain values.
 */
function sealInPlace(db: Db, rewrite: () => void): void {
  const client = db.$client;
  const before = client.pragma('secure_delete', { simple: true }) as number;
  client.pragma('secure_delete = ON');
  try {
    inTransaction(db, rewrite, 'immediate');
  } finally {
    client.pragma(`secure_delete = ${before}`);
  }
  client.pragma('wal_checkpoint(TRUNCATE)');
}

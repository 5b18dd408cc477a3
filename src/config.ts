import { z } from 'zod';
import { parseSecretsKey } from './shared/secret-box.js';

/** Validated runtime configuration. `loadConfig` is the only reader of `process.env`. */
export interface Config {
  /** BotFather token; absent → the local console chat opens instead. */
  telegramBotToken?: string;
  /** Bot API server root without a trailing slash (self-hosted server or a test fake). */
  telegramApiRoot?: string;
  /** SQLite file; `:memory:` is allowed. */
  databasePath: string;
  /** Name the default storefront gets when it is first created; the locale's default name when unset. */
  storefrontName?: string;
  /** IANA time zone dates are shown in. */
  timeZone: string;
  /** Region used to read phone numbers typed without a country code. */
  phoneRegion: string;
  /** Locale of the console chat. */
  consoleLocale: 'ru' | 'en';
  /** VK community (set when both the token and the group id are). */
  vk?: {
    groupToken: string;
    groupId: number;
    /** API root ending in `/method`; VK's own when absent. */
    apiBaseUrl?: string;
  };
  /** The franchisor's MAX bot token (MAX_BOT_TOKEN, from MAX's partner platform); no MAX bot when absent. */
  maxBotToken?: string;
  /** MAX Bot API root URL (MAX_API_BASE_URL), no path: MAX's own by default, a local fake in tests. */
  maxApiBaseUrl: string;
  /** Webhook mode, when PUBLIC_URL is set; long polling otherwise. */
  webhook?: {
    /** Public https URL the platforms reach this server at, without a trailing slash. */
    publicUrl: string;
    /** Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token. */
    telegramSecret?: string;
    /** Secret VK sends in every Callback API request. */
    vkSecret?: string;
    /** The string VK's confirmation request must be answered with. */
    vkConfirmation?: string;
  };
  /** Port of the HTTP server (webhooks, health check). */
  httpPort: number;
  /** Staff are reminded of a buyer's question unanswered for this many minutes. */
  replyReminderMinutes: number;
  /** Name, phone and address on orders finished longer ago than this many days are erased (152-FZ). */
  personalDataRetentionDays: number;
  /** How many days an order usually takes from confirmation to the buyer, told when they order. */
  deliveryDays: { min: number; max: number };
  /** Franchisor staff: messenger accounts that manage the network (and the default storefront). */
  hqAdmins: Array<{ channel: 'telegram' | 'vk' | 'max'; userId: string }>;
  /** How long a staff invite code (`/newshop`, `/invite`) can be redeemed, in hours. */
  inviteTtlHours: number;
  /** The warehouse feed (YML, or CSV by a .csv name) re-synced every `feedSyncMinutes`. */
  feed?: { url: string; syncMinutes: number };
  /** How confirmed orders reach the warehouse. */
  fulfillment: FulfillmentConfig;
  /** New orders of the default storefront are confirmed without a franchisee's tap. */
  autoConfirmOrders: boolean;
  /** Order stages within this many minutes of each other reach the buyer as one message (2; 0 in the console chat). */
  statusCoalesceMinutes: number;
  /** Hours of the storefront's night when buyers get no news that does not answer them (22–9; off in the console chat); null: off. */
  buyerQuietHours: { from: number; to: number } | null;
  /** Staff are told about an order with no news for this many hours. */
  staleOrderHours: number;
  /** Franchise terms written to the database at start when set: royalty (%), return fee (kopecks). */
  royaltyPercent?: number;
  returnFeeKopecks?: number;
  /** Log level; unset means `info` for the bots and `warn` in the console chat, which shares the terminal. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** AES-256-GCM key (32 bytes) bot tokens are encrypted with in the database; absent: they are stored in plain text. */
  secretsKey?: Buffer;
  /** Periodic online backups of the database into `dir`, every `hours`, keeping the newest `keep`. */
  backups?: { dir: string; hours: number; keep: number };

  /** A feed larger than this many megabytes is refused, by whoever imports it (500). */
  feedMaxMb: number;
  /** Chat `/import` may fetch from loopback, private and link-local addresses (false). */
  feedAllowPrivateHosts: boolean;
}

/** The warehouse connection: its API (`http`) or a chat of the warehouse's staff (`warehouse-chat`). */
export type FulfillmentConfig =
  | { provider: 'http'; apiUrl: string; secret: string; callbackUrl: string }
  | {
      provider: 'warehouse-chat';
      /** The warehouse staff's chat; absent: orders go to the franchisor's staff (HQ_ADMINS) in private. */
      chat?: { channel: 'telegram' | 'vk' | 'max'; chatId: string };
    };

/** Thrown when an environment variable is missing or malformed; the message is one line naming it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const secret = (what: string) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,256}$/, `must be 8–256 characters of A-Z, a-z, 0-9, _ and - (${what})`)
      .optional(),
  );

const schema = z.object({
  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AA... (the token BotFather gave you)')
      .optional(),
  ),
  TELEGRAM_API_ROOT: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((v) => !v.endsWith('/'), 'must not end with "/"')
      .optional(),
  ),
  DATABASE_PATH: optionalString.pipe(z.string().default('./data/sarafan.db')),
  STOREFRONT_NAME: optionalString.pipe(z.string().max(64, 'must be at most 64 characters').optional()),
  TIME_ZONE: optionalString.pipe(
    z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Moscow')
      .default('Europe/Moscow'),
  ),
  PHONE_REGION: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as RU')
      .default('RU'),
  ),
  CONSOLE_LOCALE: optionalString.pipe(z.enum(['ru', 'en'], { error: 'must be ru or en' }).default('ru')),
  VK_GROUP_TOKEN: optionalString.pipe(
    z.string().min(20, 'must be the community access token from the community settings (API usage → Access tokens)').optional(),
  ),
  VK_GROUP_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be the community id, digits only (e.g. 229876543, without "club" or "-")')
      .transform(Number)
      .optional(),
  ),
  VK_API_BASE_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((v) => v.endsWith('/method'), 'must end with /method (e.g. https://api.vk.com/method)')
      .optional(),
  ),
  MAX_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_\-.:]{20,}$/, 'must be the bot token from MAX\'s partner platform (business.max.ru → Chat bots → Integration)')
      .optional(),
  ),
  MAX_API_BASE_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .refine((v) => !/^https?:\/\/[^/]+\/./.test(v), 'must be a root URL without a path (e.g. https://platform-api.max.ru)')
      .transform((v) => v.replace(/\/+$/, ''))
      .default('https://platform-api.max.ru'),
  ),
  PUBLIC_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be the public https URL of this server, e.g. https://shop.example.com' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  HTTP_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .transform(Number)
      .refine((n) => n > 0 && n < 65536, 'must be a port number from 1 to 65535')
      .default(8080),
  ),
  TELEGRAM_WEBHOOK_SECRET: secret('Telegram allows only these'),
  VK_CALLBACK_SECRET: secret('the "Secret key" of the Callback API server in the community settings'),
  VK_CONFIRMATION_CODE: optionalString.pipe(
    z.string().regex(/^[A-Za-z0-9]{4,32}$/, 'must be the confirmation string VK shows in the Callback API settings').optional(),
  ),
  DELIVERY_DAYS: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'must be a range of days such as 3-7')
      .transform((v) => {
        const [min, max] = v.split('-').map(Number) as [number, number];
        return { min, max };
      })
      .refine((d) => d.min >= 1 && d.min <= d.max, 'must be a range of days such as 3-7, the first not above the second')
      .default({ min: 3, max: 7 }),
  ),
  REPLY_REMINDER_MINUTES: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of minutes')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1440, 'must be between 1 and 1440 minutes')
      .default(15),
  ),
  PERSONAL_DATA_RETENTION_DAYS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of days')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 36500, 'must be between 1 and 36500 days')
      .default(1095),
  ),
  HQ_ADMINS: optionalString.pipe(
    z
      .string()
      .regex(/^(telegram|vk|max):\d+(\s*,\s*(telegram|vk|max):\d+)*$/, 'must list accounts like telegram:123456789,vk:987654,max:5551234 (numeric user ids)')
      .optional(),
  ),
  INVITE_TTL_HOURS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of hours')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 24 * 365, 'must be between 1 and 8760 hours')
      .default(72),
  ),
  FEED_URL: optionalString.pipe(z.string().min(1).optional()),
  FEED_SYNC_MINUTES: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of minutes')
      .transform(Number)
      .refine((n) => n >= 5 && n <= 7 * 24 * 60, 'must be between 5 and 10080 minutes')
      .default(60),
  ),
  FULFILLMENT_PROVIDER: optionalString.pipe(
    z.enum(['warehouse-chat', 'http'], { error: 'must be warehouse-chat or http' }).default('warehouse-chat'),
  ),
  SUPPLIER_API_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be the http(s) URL of the warehouse API, e.g. https://wms.example.com/api' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
  ),
  SUPPLIER_API_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters (the secret shared with the warehouse)').optional()),
  SUPPLIER_CALLBACK_URL: optionalString.pipe(
    z.url({ protocol: /^https?$/, error: 'must be the public URL the warehouse sends status updates to' }).optional(),
  ),
  WAREHOUSE_CHAT_ID: optionalString.pipe(
    z
      .string()
      .regex(/^(telegram:-?\d+|vk:\d+|max:-\d+)$/, 'must be telegram:<chat id> (e.g. telegram:-1001234567890), vk:<peer id> (e.g. vk:2000000001) or max:<group chat id> (e.g. max:-68512345678)')
      .optional(),
  ),
  AUTO_CONFIRM_ORDERS: optionalString.pipe(
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .transform((v) => ['true', '1', 'yes'].includes(v))
      .default(false),
  ),
  STATUS_COALESCE_MINUTES: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of minutes')
      .transform(Number)
      .refine((n) => n <= 60, 'must be between 0 and 60 minutes')
      .optional(),
  ),
  BUYER_QUIET_HOURS: optionalString.pipe(
    z
      .string()
      .regex(/^(off|\d{1,2}-\d{1,2})$/i, 'must be a range of hours such as 22-9, or off')
      .transform((v) => (v.toLowerCase() === 'off' ? null : (v.split('-').map(Number) as [number, number])))
      .refine((h) => h === null || (h[0] <= 23 && h[1] <= 23 && h[0] !== h[1]), 'must be two different hours from 0 to 23, such as 22-9')
      .transform((h) => (h === null ? null : { from: h[0], to: h[1] }))
      .optional(),
  ),
  STALE_ORDER_HOURS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of hours')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 24 * 30, 'must be between 1 and 720 hours')
      .default(48),
  ),
  ROYALTY_PERCENT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,2}$/, 'must be a whole percentage from 0 to 99')
      .transform(Number)
      .optional(),
  ),
  RETURN_FEE_RUB: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number of roubles')
      .transform((v) => Number(v) * 100)
      .optional(),
  ),
  LOG_LEVEL: optionalString.pipe(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .optional(),
  ),
  SECRETS_KEY: optionalString.pipe(
    z
      .string()
      .transform((v, ctx) => {
        const key = parseSecretsKey(v);
        if (!key) ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes written as 64 hex characters or as base64 (e.g. the output of `openssl rand -hex 32`)' });
        return key ?? Buffer.alloc(0);
      })
      .optional(),
  ),
  BACKUP_DIR: optionalString.pipe(z.string().min(1).optional()),
  BACKUP_HOURS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of hours')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 24 * 30, 'must be between 1 and 720 hours')
      .optional(),
  ),
  BACKUP_KEEP: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of backups')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, 'must be between 1 and 1000 backups')
      .default(14),
  ),
  FEED_MAX_MB: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of megabytes')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100_000, 'must be between 1 and 100000 megabytes')
      .default(500),
  ),
  FEED_ALLOW_PRIVATE_HOSTS: optionalString.pipe(
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
      .transform((v) => ['true', '1', 'yes'].includes(v))
      .default(false),
  ),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and validates the configuration. Throws {@link ConfigError} naming the first bad variable;
 * the message never contains the variable's value, which may be a secret.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Configuration error: ${variable} ${issue.message}`);
  }
  const e = parsed.data;
  const fail = (variable: string, message: string): never => {
    throw new ConfigError(`Configuration error: ${variable} ${message}`);
  };
  if (e.VK_GROUP_TOKEN && e.VK_GROUP_ID === undefined) fail('VK_GROUP_ID', 'must be set when VK_GROUP_TOKEN is (the community id)');
  if (e.VK_GROUP_ID !== undefined && !e.VK_GROUP_TOKEN) fail('VK_GROUP_TOKEN', 'must be set when VK_GROUP_ID is (the community access token)');
  if (e.PUBLIC_URL && e.VK_GROUP_TOKEN) {
    if (!e.VK_CALLBACK_SECRET) fail('VK_CALLBACK_SECRET', 'must be set in webhook mode (PUBLIC_URL) for VK: the Callback API secret key');
    if (!e.VK_CONFIRMATION_CODE) fail('VK_CONFIRMATION_CODE', 'must be set in webhook mode (PUBLIC_URL) for VK: the string from the Callback API settings');
  }
  if (e.BACKUP_HOURS !== undefined && !e.BACKUP_DIR) fail('BACKUP_DIR', 'must be set when BACKUP_HOURS is (the folder periodic backups go to)');
  let fulfillment: FulfillmentConfig;
  if (e.FULFILLMENT_PROVIDER === 'http') {
    if (!e.SUPPLIER_API_URL) fail('SUPPLIER_API_URL', 'must be set when FULFILLMENT_PROVIDER is http (the warehouse API address)');
    if (!e.SUPPLIER_API_SECRET) fail('SUPPLIER_API_SECRET', 'must be set when FULFILLMENT_PROVIDER is http (the secret shared with the warehouse)');
    const callbackUrl = e.SUPPLIER_CALLBACK_URL ?? (e.PUBLIC_URL && `${e.PUBLIC_URL}/fulfillment/webhook`);
    if (!callbackUrl) fail('SUPPLIER_CALLBACK_URL', 'or PUBLIC_URL must be set when FULFILLMENT_PROVIDER is http: where the warehouse sends status updates');
    fulfillment = { provider: 'http', apiUrl: e.SUPPLIER_API_URL!, secret: e.SUPPLIER_API_SECRET!, callbackUrl: callbackUrl! };
  } else {
    const [channel, chatId] = (e.WAREHOUSE_CHAT_ID ?? '').split(':') as ['telegram' | 'vk' | 'max', string];
    fulfillment = { provider: 'warehouse-chat', chat: e.WAREHOUSE_CHAT_ID ? { channel, chatId } : undefined };
  }
  return {
    fulfillment,
    autoConfirmOrders: e.AUTO_CONFIRM_ORDERS,
    // In the console one person plays every part and wants to see each stage at once.
    statusCoalesceMinutes: e.STATUS_COALESCE_MINUTES ?? (e.TELEGRAM_BOT_TOKEN || e.VK_GROUP_TOKEN || e.MAX_BOT_TOKEN ? 2 : 0),
    // The console's one person plays the buyer too, and wants to see each stage at any hour.
    buyerQuietHours: e.BUYER_QUIET_HOURS !== undefined ? e.BUYER_QUIET_HOURS : e.TELEGRAM_BOT_TOKEN || e.VK_GROUP_TOKEN || e.MAX_BOT_TOKEN ? { from: 22, to: 9 } : null,
    staleOrderHours: e.STALE_ORDER_HOURS,
    royaltyPercent: e.ROYALTY_PERCENT,
    returnFeeKopecks: e.RETURN_FEE_RUB,
    telegramBotToken: e.TELEGRAM_BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    databasePath: e.DATABASE_PATH,
    storefrontName: e.STOREFRONT_NAME,
    timeZone: e.TIME_ZONE,
    phoneRegion: e.PHONE_REGION,
    consoleLocale: e.CONSOLE_LOCALE,
    vk: e.VK_GROUP_TOKEN && e.VK_GROUP_ID !== undefined ? { groupToken: e.VK_GROUP_TOKEN, groupId: e.VK_GROUP_ID, apiBaseUrl: e.VK_API_BASE_URL } : undefined,
    maxBotToken: e.MAX_BOT_TOKEN,
    maxApiBaseUrl: e.MAX_API_BASE_URL,
    webhook: e.PUBLIC_URL
      ? {
          publicUrl: e.PUBLIC_URL,
          telegramSecret: e.TELEGRAM_WEBHOOK_SECRET,
          vkSecret: e.VK_CALLBACK_SECRET,
          vkConfirmation: e.VK_CONFIRMATION_CODE,
        }
      : undefined,
    httpPort: e.HTTP_PORT,
    replyReminderMinutes: e.REPLY_REMINDER_MINUTES,
    personalDataRetentionDays: e.PERSONAL_DATA_RETENTION_DAYS,
    deliveryDays: e.DELIVERY_DAYS,
    hqAdmins: (e.HQ_ADMINS ?? '')
      .split(',')
      .filter(Boolean)
      .map((entry) => {
        const [channel, userId] = entry.trim().split(':') as ['telegram' | 'vk' | 'max', string];
        return { channel, userId };
      }),
    inviteTtlHours: e.INVITE_TTL_HOURS,
    feed: e.FEED_URL ? { url: e.FEED_URL, syncMinutes: e.FEED_SYNC_MINUTES } : undefined,
    logLevel: e.LOG_LEVEL,
    secretsKey: e.SECRETS_KEY,
    backups: e.BACKUP_DIR ? { dir: e.BACKUP_DIR, hours: e.BACKUP_HOURS ?? 24, keep: e.BACKUP_KEEP } : undefined,

    feedMaxMb: e.FEED_MAX_MB,
    feedAllowPrivateHosts: e.FEED_ALLOW_PRIVATE_HOSTS,
  };
}

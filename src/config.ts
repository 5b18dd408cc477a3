import { z } from 'zod';

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
  /** Log level; unset means `info` for the bots and `warn` in the console chat, which shares the terminal. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Thrown when an environment variable is missing or malformed; the message is one line naming it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

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
  LOG_LEVEL: optionalString.pipe(
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .optional(),
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
  return {
    telegramBotToken: e.TELEGRAM_BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT,
    databasePath: e.DATABASE_PATH,
    storefrontName: e.STOREFRONT_NAME,
    timeZone: e.TIME_ZONE,
    phoneRegion: e.PHONE_REGION,
    consoleLocale: e.CONSOLE_LOCALE,
    logLevel: e.LOG_LEVEL,
  };
}

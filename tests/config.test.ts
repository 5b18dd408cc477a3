import { readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('works with nothing set: console chat, local database, Moscow time', () => {
    expect(loadConfig({})).toEqual({
      telegramBotToken: undefined,
      telegramApiRoot: undefined,
      databasePath: './data/sarafan.db',
      storefrontName: undefined,
      timeZone: 'Europe/Moscow',
      phoneRegion: 'RU',
      consoleLocale: 'ru',
      vk: undefined,
      maxBotToken: undefined,
      maxApiBaseUrl: 'https://platform-api.max.ru',
      webhook: undefined,
      httpPort: 8080,
      replyReminderMinutes: 15,
      personalDataRetentionDays: 1095,
      hqAdmins: [],
      inviteTtlHours: 72,
      feed: undefined,
      logLevel: undefined,
      fulfillment: { provider: 'warehouse-chat', chat: undefined },
      autoConfirmOrders: false,
      statusCoalesceMinutes: 0,
      buyerQuietHours: null,
      deliveryDays: { min: 3, max: 7 },
      staleOrderHours: 48,
      royaltyPercent: undefined,
      returnFeeKopecks: undefined,
      feedMaxMb: 500,
      feedAllowPrivateHosts: false,
    });
  });

  it('reads the feed size cap and whether chat imports may reach private hosts', () => {
    expect(loadConfig({ FEED_MAX_MB: '50', FEED_ALLOW_PRIVATE_HOSTS: 'true' })).toMatchObject({ feedMaxMb: 50, feedAllowPrivateHosts: true });
  });

  it('reads the warehouse connection and franchise terms', () => {
    expect(loadConfig({ WAREHOUSE_CHAT_ID: 'telegram:-1001234567890', ROYALTY_PERCENT: '7', RETURN_FEE_RUB: '150', AUTO_CONFIRM_ORDERS: 'yes' })).toMatchObject({
      fulfillment: { provider: 'warehouse-chat', chat: { channel: 'telegram', chatId: '-1001234567890' } },
      royaltyPercent: 7,
      returnFeeKopecks: 15_000,
      autoConfirmOrders: true,
    });
    const http = { FULFILLMENT_PROVIDER: 'http', SUPPLIER_API_URL: 'https://wms.example.com/api/', SUPPLIER_API_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...http, PUBLIC_URL: 'https://shop.example.com' }).fulfillment).toEqual({
      provider: 'http',
      apiUrl: 'https://wms.example.com/api',
      secret: 'x'.repeat(32),
      callbackUrl: 'https://shop.example.com/fulfillment/webhook',
    });
    expect(() => loadConfig(http)).toThrow('Configuration error: SUPPLIER_CALLBACK_URL or PUBLIC_URL must be set when FULFILLMENT_PROVIDER is http');
    expect(() => loadConfig({ FULFILLMENT_PROVIDER: 'http' })).toThrow('Configuration error: SUPPLIER_API_URL must be set');
    expect(() => loadConfig({ FULFILLMENT_PROVIDER: 'ftp' })).toThrow('Configuration error: FULFILLMENT_PROVIDER must be warehouse-chat or http');
    expect(() => loadConfig({ WAREHOUSE_CHAT_ID: '-100123' })).toThrow('Configuration error: WAREHOUSE_CHAT_ID must be telegram:<chat id>');
  });

  it('reads a VK community and webhook mode', () => {
    const config = loadConfig({
      VK_GROUP_TOKEN: `vk1.a.${'x'.repeat(40)}`,
      VK_GROUP_ID: '229876543',
      PUBLIC_URL: 'https://shop.example.com/',
      VK_CALLBACK_SECRET: 'sarafan-secret-1',
      VK_CONFIRMATION_CODE: 'a1b2c3d4',
      HTTP_PORT: '3000',
    });
    expect(config.vk).toEqual({ groupToken: `vk1.a.${'x'.repeat(40)}`, groupId: 229876543, apiBaseUrl: undefined });
    expect(config.webhook).toMatchObject({ publicUrl: 'https://shop.example.com', vkSecret: 'sarafan-secret-1', vkConfirmation: 'a1b2c3d4' });
    expect(config.httpPort).toBe(3000);
    // With a messenger, stages close together are coalesced for buyers; in the console each shows at once.
    expect(config.statusCoalesceMinutes).toBe(2);
    expect(loadConfig({ HQ_ADMINS: 'telegram:123, vk:456' }).hqAdmins).toEqual([
      { channel: 'telegram', userId: '123' },
      { channel: 'vk', userId: '456' },
    ]);
    expect(loadConfig({ INVITE_TTL_HOURS: '24' }).inviteTtlHours).toBe(24);
  });

  it('accepts MAX accounts in HQ_ADMINS and a MAX group chat as the warehouse chat', () => {
    expect(loadConfig({ HQ_ADMINS: 'telegram:123, max:5551234' }).hqAdmins).toEqual([
      { channel: 'telegram', userId: '123' },
      { channel: 'max', userId: '5551234' },
    ]);
    expect(loadConfig({ WAREHOUSE_CHAT_ID: 'max:-68512345678' }).fulfillment).toMatchObject({ chat: { channel: 'max', chatId: '-68512345678' } });
    // A MAX dialog is keyed by its user: only a group chat (negative id) can be the warehouse chat.
    expect(() => loadConfig({ WAREHOUSE_CHAT_ID: 'max:5551234' })).toThrow('WAREHOUSE_CHAT_ID');
  });

  it('reads a MAX bot and its API root URL (MAX\'s own by default)', () => {
    const token = 'f9LHodD0cOJ5vt7m3p6fqLhUq0kVuF2xfoEPkbyh';
    expect(loadConfig({ MAX_BOT_TOKEN: token })).toMatchObject({ maxBotToken: token, maxApiBaseUrl: 'https://platform-api.max.ru', statusCoalesceMinutes: 2 });
    expect(loadConfig({ MAX_BOT_TOKEN: token, MAX_API_BASE_URL: 'http://127.0.0.1:9000/' }).maxApiBaseUrl).toBe('http://127.0.0.1:9000');
  });

  it('treats empty values as unset, as .env.example leaves them', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '', DATABASE_PATH: '  ' }).telegramBotToken).toBeUndefined();
  });

  it('loads .env.example as shipped: the console chat with the warehouse chat provider', () => {
    const config = loadConfig(dotenv.parse(readFileSync(new URL('../.env.example', import.meta.url))));
    expect(config).toMatchObject({ telegramBotToken: undefined, vk: undefined, fulfillment: { provider: 'warehouse-chat' }, statusCoalesceMinutes: 0 });
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN'],
    [{ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }, 'TELEGRAM_API_ROOT'],
    [{ TELEGRAM_API_ROOT: 'localhost' }, 'TELEGRAM_API_ROOT'],
    [{ TIME_ZONE: 'Moscow' }, 'TIME_ZONE'],
    [{ PHONE_REGION: 'russia' }, 'PHONE_REGION'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DELIVERY_DAYS: '7-3' }, 'DELIVERY_DAYS'],
    [{ DELIVERY_DAYS: 'неделя' }, 'DELIVERY_DAYS'],
    [{ CONSOLE_LOCALE: 'de' }, 'CONSOLE_LOCALE'],
    [{ VK_GROUP_TOKEN: `vk1.a.${'x'.repeat(40)}` }, 'VK_GROUP_ID'],
    [{ VK_GROUP_ID: '123' }, 'VK_GROUP_TOKEN'],
    [{ VK_GROUP_ID: 'club123', VK_GROUP_TOKEN: `vk1.a.${'x'.repeat(40)}` }, 'VK_GROUP_ID'],
    [{ VK_API_BASE_URL: 'http://127.0.0.1:9000' }, 'VK_API_BASE_URL'],
    [{ MAX_API_BASE_URL: 'platform-api.max.ru' }, 'MAX_API_BASE_URL'],
    [{ MAX_API_BASE_URL: 'https://platform-api.max.ru/messages' }, 'MAX_API_BASE_URL'],
    [{ MAX_BOT_TOKEN: 'short' }, 'MAX_BOT_TOKEN'],
    [{ PUBLIC_URL: 'shop.example.com' }, 'PUBLIC_URL'],
    [{ HTTP_PORT: '99999' }, 'HTTP_PORT'],
    [{ PUBLIC_URL: 'https://x.example', VK_GROUP_ID: '1', VK_GROUP_TOKEN: `vk1.a.${'x'.repeat(40)}` }, 'VK_CALLBACK_SECRET'],
    [{ TELEGRAM_WEBHOOK_SECRET: 'short' }, 'TELEGRAM_WEBHOOK_SECRET'],
    [{ FEED_URL: 'https://x.example/feed.xml', FEED_SYNC_MINUTES: '1' }, 'FEED_SYNC_MINUTES'],
    [{ HQ_ADMINS: 'telegram:@boss' }, 'HQ_ADMINS'],
    [{ INVITE_TTL_HOURS: '0' }, 'INVITE_TTL_HOURS'],
    [{ INVITE_TTL_HOURS: '3 days' }, 'INVITE_TTL_HOURS'],
    [{ FEED_MAX_MB: '0' }, 'FEED_MAX_MB'],
    [{ FEED_MAX_MB: '1.5' }, 'FEED_MAX_MB'],
    [{ FEED_ALLOW_PRIVATE_HOSTS: 'sure' }, 'FEED_ALLOW_PRIVATE_HOSTS'],
    [{ BUYER_QUIET_HOURS: '22:00-09:00' }, 'BUYER_QUIET_HOURS'],
    [{ BUYER_QUIET_HOURS: '25-9' }, 'BUYER_QUIET_HOURS'],
    [{ PERSONAL_DATA_RETENTION_DAYS: '0' }, 'PERSONAL_DATA_RETENTION_DAYS'],
    [{ PERSONAL_DATA_RETENTION_DAYS: 'forever' }, 'PERSONAL_DATA_RETENTION_DAYS'],
  ])('stops with one line naming the bad variable: %o', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect(message).not.toContain('\n');
  });

  it('reads the buyers\' quiet hours: a range of hours, or off', () => {
    expect(loadConfig({ BUYER_QUIET_HOURS: '23-8' }).buyerQuietHours).toEqual({ from: 23, to: 8 });
    expect(loadConfig({ BUYER_QUIET_HOURS: 'off' }).buyerQuietHours).toBeNull();
    // With a messenger, 22:00 to 09:00 unless told otherwise; the console's one person sees every stage at once.
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '123456789:AAHfakeTokenForConfigTests_abcdefghij' }).buyerQuietHours).toEqual({ from: 22, to: 9 });
    expect(loadConfig({}).buyerQuietHours).toBeNull();
  });

  it('reads how long personal data on finished orders is kept', () => {
    expect(loadConfig({ PERSONAL_DATA_RETENTION_DAYS: '30' }).personalDataRetentionDays).toBe(30);
  });

  it('never repeats a token in its error', () => {
    const secret = '123456:short';
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: secret })).toThrow(ConfigError);
    try {
      loadConfig({ TELEGRAM_BOT_TOKEN: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });
});

describe('configuration of secrets and backups (issue 17)', () => {
  const hexKey = 'ab'.repeat(32);
  it('reads SECRETS_KEY as 64 hex characters or base64 of 32 bytes', () => {
    expect(loadConfig({ SECRETS_KEY: hexKey }).secretsKey).toEqual(Buffer.alloc(32, 0xab));
    expect(loadConfig({ SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') }).secretsKey).toEqual(Buffer.alloc(32, 7));
    expect(loadConfig({ SECRETS_KEY: Buffer.alloc(32, 0xfb).toString('base64url') }).secretsKey).toEqual(Buffer.alloc(32, 0xfb));
    expect(loadConfig({}).secretsKey).toBeUndefined();
  });

  it.each([
    ['a passphrase', 'correct horse battery staple'],
    ['31 bytes of hex', 'ab'.repeat(31)],
    ['33 bytes of hex', 'ab'.repeat(33)],
    ['base64 of 24 bytes', Buffer.alloc(24, 1).toString('base64')],
    ['base64 of 48 bytes', Buffer.alloc(48, 1).toString('base64')],
    ['64 characters that are not hex', 'zz'.repeat(32)],
  ])('refuses a SECRETS_KEY that is %s, without repeating it', (_what, value) => {
    let error: unknown;
    try {
      loadConfig({ SECRETS_KEY: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^Configuration error: SECRETS_KEY must be 32 random bytes/);
    expect((error as Error).message).not.toContain(value);
  });

  it('reads periodic backups: BACKUP_DIR with BACKUP_HOURS (24 by default) and BACKUP_KEEP (14 by default)', () => {
    expect(loadConfig({}).backups).toBeUndefined();
    expect(loadConfig({ BACKUP_DIR: '/var/backups/sarafan' }).backups).toEqual({ dir: '/var/backups/sarafan', hours: 24, keep: 14 });
    expect(loadConfig({ BACKUP_DIR: 'b', BACKUP_HOURS: '6', BACKUP_KEEP: '3' }).backups).toEqual({ dir: 'b', hours: 6, keep: 3 });
    for (const [env, variable] of [
      [{ BACKUP_HOURS: '6' }, 'BACKUP_DIR'],
      [{ BACKUP_DIR: 'b', BACKUP_HOURS: '0' }, 'BACKUP_HOURS'],
      [{ BACKUP_DIR: 'b', BACKUP_HOURS: '1.5' }, 'BACKUP_HOURS'],
      [{ BACKUP_DIR: 'b', BACKUP_KEEP: '0' }, 'BACKUP_KEEP'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
    }
  });
});

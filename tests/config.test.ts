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
      logLevel: undefined,
    });
  });

  it('treats empty values as unset, as .env.example leaves them', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '', DATABASE_PATH: '  ' }).telegramBotToken).toBeUndefined();
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN'],
    [{ TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }, 'TELEGRAM_API_ROOT'],
    [{ TELEGRAM_API_ROOT: 'localhost' }, 'TELEGRAM_API_ROOT'],
    [{ TIME_ZONE: 'Moscow' }, 'TIME_ZONE'],
    [{ PHONE_REGION: 'russia' }, 'PHONE_REGION'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ CONSOLE_LOCALE: 'de' }, 'CONSOLE_LOCALE'],
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

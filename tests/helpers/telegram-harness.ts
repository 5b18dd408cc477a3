import { pino } from 'pino';
import { flowTestLimits } from './flow-limits.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { createTestApp, type TestApp } from './engine-harness.js';
import type { Engine } from '../../src/engine/engine.js';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions, type FakeUser } from './fake-telegram.js';

/** The real grammY bot of a test storefront, polling a fake Bot API on 127.0.0.1. */
export interface TelegramHarness {
  app: TestApp;
  tg: FakeTelegram;
  adapter: TelegramAdapter;
  close(): Promise<void>;
}

export async function startTelegramHarness(app: TestApp = createTestApp(), opts: { poll?: boolean } = {}): Promise<TelegramHarness> {
  const tg = await startFakeTelegram();
  const adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    storefrontId: app.storefront.id,
    engine: app.engine,
    i18n: app.i18n,
    logger: pino({ level: 'silent' }),
    retry: { maxAttempts: 1, maxDelaySeconds: 1 },
    deliveryLimits: flowTestLimits,
  });
  tg.alsoWaitFor(() => adapter.pending() > 0);
  if (opts.poll !== false) await adapter.start();
  return {
    app,
    tg,
    adapter,
    async close() {
      await adapter.stop();
      await tg.close();
    },
  };
}

/** A Russian-speaking buyer. */
export const anna: FakeUser = { id: 5001, first_name: 'Анна', last_name: 'Смирнова', language_code: 'ru', username: 'anna_s' };
/** An English-speaking buyer. */
export const john: FakeUser = { id: 5002, first_name: 'John', last_name: 'Smith', language_code: 'en' };

/** The text a buyer sees on a message: its text or its photo caption. */
export function shown(message: { text?: string; caption?: string } | undefined): string {
  return message?.text ?? message?.caption ?? '';
}

/**
 * The real adapter around a given engine (no database), with Telegram's real delivery limits, for
 * tests of the adapter itself: concurrency, pacing, 429s.
 */
export async function startBareTelegram(engine: Engine, fakeOptions: FakeTelegramOptions = {}): Promise<{ tg: FakeTelegram; adapter: TelegramAdapter; close(): Promise<void> }> {
  const tg = await startFakeTelegram(fakeOptions);
  const adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    storefrontId: 1,
    engine,
    i18n: { t: (_locale: string, id: string) => id } as never,
    logger: pino({ level: 'silent' }),
    retry: { maxAttempts: 1, maxDelaySeconds: 1 },
  });
  tg.alsoWaitFor(() => adapter.pending() > 0);
  await adapter.start();
  return {
    tg,
    adapter,
    async close() {
      await adapter.stop();
      await tg.close();
    },
  };
}

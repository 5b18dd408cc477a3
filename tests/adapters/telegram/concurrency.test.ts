import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.js';
import type { Engine } from '../../../src/engine/engine.js';
import { echoEngine } from '../../helpers/echo-engine.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../../helpers/fake-telegram.js';

const slow: FakeUser = { id: 6001, first_name: 'Медленный', language_code: 'ru' };
const quick: FakeUser = { id: 6002, first_name: 'Быстрый', language_code: 'ru' };
let tg: FakeTelegram | undefined;
let adapter: TelegramAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await tg?.close();
  adapter = tg = undefined;
});

async function start(engine: Engine) {
  tg = await startFakeTelegram();
  adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    storefrontId: 1,
    engine,
    i18n: { t: (_l: string, id: string) => id } as never,
    logger: pino({ level: 'silent' }),
    retry: { maxAttempts: 1, maxDelaySeconds: 1 },
  });
  tg.alsoWaitFor(() => adapter!.pending() > 0);
  await adapter.start();
  return tg;
}

describe('Telegram updates in long polling', () => {
  it('a slow conversation never holds up another one', async () => {
    const { engine } = echoEngine((chat) => (chat === String(slow.id) ? 800 : 0));
    const fake = await start(engine);
    fake.sendText(slow, 'первый');
    fake.sendText(quick, 'привет');
    await fake.waitFor(() => fake.chat(quick.id).length > 0, 2000);
    // The quick buyer has the answer while the slow one is still being handled.
    expect(fake.chat(slow.id)).toHaveLength(0);
    await fake.settle(3000);
    expect(fake.chat(slow.id).map((m) => m.text)).toEqual(['echo первый']);
  });

  it('keeps one conversation strictly in order, even when its first update is the slowest', async () => {
    let calls = 0;
    const { engine, log } = echoEngine((chat) => (chat === String(slow.id) && calls++ === 0 ? 300 : 5));
    const fake = await start(engine);
    for (const text of ['1', '2', '3']) fake.sendText(slow, text);
    await fake.settle(3000);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(fake.chat(slow.id).map((m) => m.text)).toEqual(['echo 1', 'echo 2', 'echo 3']);
  });

  it('on stop, finishes the updates in hand and stops polling', async () => {
    const { engine } = echoEngine(() => 300);
    const fake = await start(engine);
    fake.sendText(slow, 'последний');
    await fake.waitFor((calls) => calls.filter((c) => c.method === 'getUpdates').length >= 2, 2000);
    await adapter!.stop();
    expect(fake.chat(slow.id).map((m) => m.text)).toEqual(['echo последний']);
    const polls = fake.callsOf('getUpdates').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf('getUpdates')).toHaveLength(polls);
  });
});

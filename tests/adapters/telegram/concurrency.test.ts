import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { echoEngine } from '../../helpers/echo-engine.js';
import type { FakeUser } from '../../helpers/fake-telegram.js';
import { startBareTelegram } from '../../helpers/telegram-harness.js';

const slow: FakeUser = { id: 6001, first_name: 'Медленный', language_code: 'ru' };
const quick: FakeUser = { id: 6002, first_name: 'Быстрый', language_code: 'ru' };
let bot: Awaited<ReturnType<typeof startBareTelegram>> | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

async function start(engine: Engine) {
  bot = await startBareTelegram(engine);
  return bot.tg;
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
    await bot!.adapter.stop();
    expect(fake.chat(slow.id).map((m) => m.text)).toEqual(['echo последний']);
    const polls = fake.callsOf('getUpdates').length;
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf('getUpdates')).toHaveLength(polls);
  });
});

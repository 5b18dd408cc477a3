import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import type { FakeTelegram, FakeUser } from '../../helpers/fake-telegram.js';
import { startBareTelegram } from '../../helpers/telegram-harness.js';

let bot: Awaited<ReturnType<typeof startBareTelegram>> | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

const answering: Engine = { handle: async () => [{ text: 'Здравствуйте!' }], markUnreachable() {} };

/** The real adapter with Telegram's real limits, against a Bot API that answers 429 past them. */
async function start(engine: Engine = answering) {
  bot = await startBareTelegram(engine, { limits: { perSecond: 30, groupPerMinute: 20 } });
  return { fake: bot.tg, bot: bot.adapter };
}

const sent = (fake: FakeTelegram) => fake.calls.filter((c) => c.method === 'sendMessage');

describe('Telegram delivery within the limits', () => {
  it('order news to 240 buyers goes out at 28–30 a second with no 429, and a buyer who writes meanwhile is answered first', async () => {
    const { fake, bot } = await start();
    const started = Date.now();
    const news = Array.from({ length: 240 }, (_, i) => bot.send(String(900_000 + i), [{ text: `📦 Заказ № ${1001 + i}\n🚚 Заказ передан в доставку.` }]));
    await new Promise((r) => setTimeout(r, 1500));
    const buyer: FakeUser = { id: 5555, first_name: 'Ира', language_code: 'ru' };
    const wrote = Date.now();
    fake.sendText(buyer, '/start');
    await fake.waitFor(() => fake.chat(buyer.id).length > 0, 5000);
    // Ahead of the ~190 news still waiting: within about a second, not after them.
    expect(Date.now() - wrote).toBeLessThan(1500);
    await Promise.all(news);
    const times = sent(fake).map((c) => c.at);
    expect(times).toHaveLength(241);
    expect(fake.tooManyRequests()).toBe(0);
    // The rate the Bot API saw, from the first message to the last.
    const perSecond = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
    expect(perSecond).toBeGreaterThanOrEqual(28);
    expect(perSecond).toBeLessThanOrEqual(30);
    expect(times[0]! - started).toBeLessThan(500);
  }, 20_000);

  it('a 429 pauses the bot for retry_after and the message still arrives, once', async () => {
    const { fake, bot } = await start();
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
    const started = Date.now();
    await Promise.all([bot.send('700001', [{ text: 'первое' }]), bot.send('700002', [{ text: 'второе' }])]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(fake.chat(700001).map((m) => m.text)).toEqual(['первое']);
    expect(fake.chat(700002).map((m) => m.text)).toEqual(['второе']);
  });

  it('a warehouse group is paced to stay under 20 new messages a minute: three at once, then one every 3.5 s', async () => {
    const { fake, bot } = await start();
    fake.group(-1001234567890, 'Склад');
    const started = Date.now();
    const cards = Array.from({ length: 5 }, (_, i) => bot.send('-1001234567890', [{ text: `📦 Заказ S-00000${i + 1}` }]));
    await Promise.all(cards);
    const times = sent(fake).map((c) => c.at - started);
    expect(times[2]).toBeLessThan(500);
    expect(times[3]).toBeGreaterThanOrEqual(3000);
    expect(times[4]! - times[3]!).toBeGreaterThanOrEqual(3000);
    expect(fake.chat(-1001234567890).map((m) => m.text)).toEqual(Array.from({ length: 5 }, (_, i) => `📦 Заказ S-00000${i + 1}`));
    expect(fake.tooManyRequests()).toBe(0);
  }, 15_000);
});

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createVkAdapter, type VkAdapter } from '../../../src/adapters/vk/vk-adapter.js';
import { openDatabase } from '../../../src/db/client.js';
import type { Engine } from '../../../src/engine/engine.js';
import { echoEngine } from '../../helpers/echo-engine.js';
import { createMediaCache } from '../../../src/media/media-cache.js';
import { startFakeVk, type FakeVk, type VkUser } from '../../helpers/fake-vk.js';

const slow: VkUser = { id: 4001, first_name: 'Медленный', last_name: 'Покупатель', lang_id: 0 };
const quick: VkUser = { id: 4002, first_name: 'Быстрый', last_name: 'Покупатель', lang_id: 0 };
let vk: FakeVk | undefined;
let adapter: VkAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await vk?.close();
  adapter = vk = undefined;
});

async function start(engine: Engine) {
  vk = await startFakeVk();
  adapter = createVkAdapter({
    token: vk.token,
    groupId: vk.groupId,
    apiBaseUrl: vk.apiBaseUrl,
    storefrontId: 1,
    engine,
    media: createMediaCache(openDatabase(':memory:')),
    logger: pino({ level: 'silent' }),
    pollWaitSeconds: 5,
    retryDelayMs: 50,
  });
  await adapter.startPolling();
  return vk;
}

const until = async (check: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('VK updates in Bots Long Poll', () => {
  it('a slow conversation never holds up another one', async () => {
    const fake = await start(echoEngine((chat) => (chat === String(slow.id) ? 800 : 0)).engine);
    fake.sendText(slow, 'первый');
    fake.sendText(quick, 'привет');
    await until(() => fake.messages(quick.id).length > 0);
    expect(fake.messages(slow.id)).toHaveLength(0);
    await until(() => fake.messages(slow.id).length > 0);
    expect(fake.messages(slow.id).map((m) => m.text)).toEqual(['echo первый']);
  });

  it('keeps one conversation strictly in order, even when its first update is the slowest', async () => {
    const { engine, log } = echoEngine((_chat, text) => (text === '1' ? 300 : 5));
    const fake = await start(engine);
    for (const text of ['1', '2', '3']) fake.sendText(slow, text);
    await until(() => fake.messages(slow.id).length === 3);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(fake.messages(slow.id).map((m) => m.text)).toEqual(['echo 1', 'echo 2', 'echo 3']);
  });

  it('on stop, finishes the updates in hand', async () => {
    const fake = await start(echoEngine(() => 300).engine);
    fake.sendText(slow, 'последний');
    await until(() => fake.callsOf('longpoll').length >= 2);
    await adapter!.stop();
    expect(fake.messages(slow.id).map((m) => m.text)).toEqual(['echo последний']);
  });
});

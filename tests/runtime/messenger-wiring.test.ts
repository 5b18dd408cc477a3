import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { BotChannel, Messenger } from '../../src/adapters/messenger.js';
import { storefronts } from '../../src/db/schema.js';
import { startHttpServer } from '../../src/http/http-server.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import type { BotEntry, MessengerFactories, MessengerFactory } from '../../src/runtime/messenger-factories.js';
import { createMessengerRuntime, type MessengerRuntimeDeps } from '../../src/runtime/messenger-runtime.js';
import { createLogger, createSecretList } from '../../src/shared/logger.js';
import { createBotTokens } from '../../src/storefronts/bot-tokens.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp } from '../helpers/engine-harness.js';
import { startFakeTelegram } from '../helpers/fake-telegram.js';
import { startFakeVk } from '../helpers/fake-vk.js';

/** A bot that records what the runtime does to it, so HQ and franchisee bots of both channels can be compared. */
function recordingFactory(log: string[]): MessengerFactory {
  return (bot: BotEntry): Messenger => {
    const name = `${bot.hq ? 'hq' : 'shop'}-${bot.storefrontId}-${bot.channel}`;
    return {
      channel: bot.channel,
      limits: { perSecond: 1, chat: () => ({ burst: 1, perMinute: 1 }) },
      route: { path: `/${bot.channel}/${bot.storefrontId}`, maxBodyBytes: 1024, handler: (_req, res) => void res.writeHead(200).end(name) },
      start: async () => void log.push(`start ${name} ${bot.token}`),
      stop: async () => void log.push(`stop ${name}`),
      release: async () => void log.push(`release ${name}`),
      send: async (chatId, replies) => void log.push(`send ${name} ${chatId} ${replies[0]?.text}`),
      pending: () => 0,
    };
  };
}

function setup(factories: MessengerRuntimeDeps['factories']) {
  const app = createTestApp();
  const logger = createLogger({ level: 'silent', secrets: createSecretList() });
  const hq = app.db.select().from(storefronts).get()!;
  const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
  const tokens = createBotTokens(app.db);
  tokens.saveTelegram(shop.id, 'shop-tg-token', 'kazan_bot');
  tokens.saveVk(shop.id, 'shop-vk-token', 4242);
  return { app, logger, hq, shop, deps: { db: app.db, engine: () => app.engine, i18n: app.i18n, logger, media: createMediaCache(app.db), secrets: createSecretList(), factories,
    hq: { storefrontId: hq.id, bots: [{ channel: 'telegram' as const, token: 'hq-tg-token' }, { channel: 'vk' as const, token: 'hq-vk-token', groupId: 1 }] } } };
}

const message = (storefrontId: number, channel: BotChannel, chatId = '7') => ({ target: { storefrontId, channel, chatId }, replies: [{ text: 'hi' }] });

describe('one runtime for every bot of every channel', () => {
  it('starts, pauses, resumes and stops the HQ bot and a franchisee bot of both channels through the same path', async () => {
    const log: string[] = [];
    const factory = recordingFactory(log);
    const { deps, hq, shop, logger } = setup({ telegram: factory, vk: factory });
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [], logger });
    try {
      const runtime = createMessengerRuntime({ ...deps, webhook: { publicUrl: 'https://shop.example.com', http: () => http } });
      await runtime.startAll();
      expect(log.sort()).toEqual(
        [`start hq-${hq.id}-telegram hq-tg-token`, `start hq-${hq.id}-vk hq-vk-token`, `start shop-${shop.id}-telegram shop-tg-token`, `start shop-${shop.id}-vk shop-vk-token`].sort(),
      );
      expect(runtime.running(hq.id).map((m) => m.channel)).toEqual(['telegram', 'vk']);
      expect(runtime.running(shop.id).map((m) => m.channel)).toEqual(['telegram', 'vk']);
      // Every bot's webhook route is on the shared server, the HQ's like a franchisee's.
      for (const [id, channel] of [[hq.id, 'telegram'], [hq.id, 'vk'], [shop.id, 'telegram'], [shop.id, 'vk']] as const) {
        expect((await fetch(`${http.url}/${channel}/${id}`, { method: 'POST', body: '{}' })).status).toBe(200);
      }
      // The outbox reaches people through each storefront's own bot; a storefront with none falls back to the HQ's.
      for (const channel of ['telegram', 'vk'] as const) {
        await runtime.notify(message(hq.id, channel));
        await runtime.notify(message(shop.id, channel));
      }
      const other = createStorefront(deps.db, { slug: 'tula', name: 'Тула' });
      await runtime.notify(message(other.id, 'vk', '9'));
      expect(log.filter((l) => l.startsWith('send'))).toEqual([
        `send hq-${hq.id}-telegram 7 hi`, `send shop-${shop.id}-telegram 7 hi`, `send hq-${hq.id}-vk 7 hi`, `send shop-${shop.id}-vk 7 hi`, `send hq-${hq.id}-vk 9 hi`,
      ]);

      for (const id of [hq.id, shop.id]) {
        log.length = 0;
        const prefix = id === hq.id ? `hq-${id}` : `shop-${id}`;
        deps.db.update(storefronts).set({ paused: true }).where(eq(storefronts.id, id)).run();
        await runtime.stop(id);
        expect(log.sort()).toEqual([`release ${prefix}-telegram`, `release ${prefix}-vk`, `stop ${prefix}-telegram`, `stop ${prefix}-vk`]);
        expect(runtime.running(id)).toEqual([]);
        expect((await fetch(`${http.url}/telegram/${id}`, { method: 'POST', body: '{}' })).status).toBe(404);
        deps.db.update(storefronts).set({ paused: false }).where(eq(storefronts.id, id)).run();
        log.length = 0;
        await runtime.start(id);
        expect(log.map((l) => l.split(' ').slice(0, 2).join(' ')).sort()).toEqual([`start ${prefix}-telegram`, `start ${prefix}-vk`]);
        expect((await fetch(`${http.url}/vk/${id}`, { method: 'POST', body: '{}' })).status).toBe(200);
      }
      // While the franchisee is paused, its buyers' news goes through nobody's bot but the HQ's.
      deps.db.update(storefronts).set({ paused: true }).where(eq(storefronts.id, shop.id)).run();
      await runtime.stop(shop.id);
      log.length = 0;
      await runtime.notify(message(shop.id, 'telegram'));
      expect(log).toEqual([`send hq-${hq.id}-telegram 7 hi`]);

      log.length = 0;
      await runtime.stopAll();
      expect(log.sort()).toEqual([`stop hq-${hq.id}-telegram`, `stop hq-${hq.id}-vk`]);
      await expect(runtime.notify(message(hq.id, 'telegram'))).rejects.toThrow('no telegram bot');
    } finally {
      await http.close();
    }
  });

  it('refuses to start, naming the channel, when a configured bot has no factory', async () => {
    const log: string[] = [];
    const { deps } = setup({ telegram: recordingFactory(log) });
    const runtime = createMessengerRuntime(deps);
    await expect(runtime.startAll()).rejects.toThrow('no messenger factory for channel "vk"');
    expect(log).toEqual([]);
  });

  it('makes a channel without a factory a compile error', () => {
    const factory = recordingFactory([]);
    // @ts-expect-error: `vk` is missing; a channel added to `Channel` without a factory fails the same way.
    const missing: MessengerFactories = { telegram: factory };
    expect(Object.keys(missing)).toEqual(['telegram']);
  });
});

describe('the real channel factories in one runtime', () => {
  it('runs the HQ Telegram bot from env and a franchisee VK community from the database side by side, pausing and resuming the community', async () => {
    const tg = await startFakeTelegram({ token: `123456789:${'H'.repeat(35)}` });
    const vk = await startFakeVk();
    const app = createTestApp();
    const logger = createLogger({ level: 'silent', secrets: createSecretList() });
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    createBotTokens(app.db).saveVk(shop.id, vk.token, vk.groupId);
    const runtime = createMessengerRuntime({
      db: app.db, engine: () => app.engine, i18n: app.i18n, logger, media: createMediaCache(app.db), secrets: createSecretList(),
      telegramApiRoot: tg.apiRoot, vkApiBaseUrl: vk.apiBaseUrl,
      hq: { storefrontId: app.storefront.id, bots: [{ channel: 'telegram', token: tg.token }] },
    });
    const until = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    };
    try {
      await runtime.startAll();
      tg.sendText({ id: 11, first_name: 'Ира', language_code: 'ru' }, '/start');
      vk.sendText({ id: 12, first_name: 'Оля' }, 'Начать', { payload: { command: 'start' } });
      await until(() => (tg.lastMessage(11)?.text ?? '').includes('Тестовый магазин'), 'the HQ bot greeting');
      await until(() => (vk.lastMessage(12)?.text ?? '').includes('Сарафан Казань'), 'the community greeting');

      await runtime.stop(shop.id);
      const polls = vk.callsOf('longpoll').length;
      await new Promise((r) => setTimeout(r, 100));
      expect(vk.callsOf('longpoll').length).toBe(polls);
      expect(runtime.running(app.storefront.id).map((m) => m.channel)).toEqual(['telegram']);
      await runtime.start(shop.id);
      vk.sendText({ id: 13, first_name: 'Аня' }, 'Начать', { payload: { command: 'start' } });
      await until(() => (vk.lastMessage(13)?.text ?? '').includes('Сарафан Казань'), 'the answer after resuming');
    } finally {
      await runtime.stopAll();
      await tg.close();
      await vk.close();
    }
  });
});

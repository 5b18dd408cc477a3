import { pino, type Logger } from 'pino';
import { flowTestLimits } from './flow-limits.js';
import { createTelegramAdapter, type TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { seedDemoCatalog } from '../../src/catalog/demo/seed-demo.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { createI18n } from '../../src/shared/i18n.js';
import { ensureHqStaff } from '../../src/franchise/staff-service.js';
import { startHttpServer, type HttpServer } from '../../src/http/http-server.js';
import { createFulfillmentRuntime, type FulfillmentRuntime } from '../../src/runtime/fulfillment-runtime.js';
import { ensureDefaultStorefront, type Storefront } from '../../src/storefronts/storefront-service.js';
import { orders } from '../../src/db/schema.js';
import { createVkAdapter, type VkAdapter } from '../../src/adapters/vk/vk-adapter.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { startFakeVk, type FakeVk } from './fake-vk.js';
import { localPictureDownloads, localPictures } from './vk-harness.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from './fake-telegram.js';
import { anna } from './telegram-harness.js';

/**
 * The shop as `main.ts` wires it (engine, fulfillment, outbox, HTTP server), with the real grammY
 * bot on a fake Bot API and the real vk-io community on a fake VK API.
 */
export interface ShopHarness {
  config: Config;
  db: Db;
  tg: FakeTelegram;
  adapter: TelegramAdapter;
  /** The fake VK API and the community's adapter (real vk-io), serving the same storefront. */
  vk: FakeVk;
  vkAdapter: VkAdapter;
  fulfillment: FulfillmentRuntime;
  http: HttpServer;
  storefront: Storefront;
  /** The engine every bot of the harness feeds (a franchisee's bot started by a test too). */
  engine: Engine;
  close(): Promise<void>;
}

/** Starts the shop with these environment variables (over a quiet, immediate default). */
export async function startShopHarness(env: Record<string, string>, opts: { logger?: Logger } = {}): Promise<ShopHarness> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  // Up first, so the warehouse can be told where to send its status callbacks.
  const http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [], logger });
  const callback = env['FULFILLMENT_PROVIDER'] === 'http' ? { SUPPLIER_CALLBACK_URL: `${http.url}/fulfillment/webhook` } : {};
  // Quiet hours off: the flows run at any hour of the day (tests/outbox/quiet-hours.test.ts covers them).
  const config = loadConfig({ STATUS_COALESCE_MINUTES: '0', BUYER_QUIET_HOURS: 'off', ...callback, ...env });
  const db = openDatabase(':memory:');
  seedDemoCatalog(db);
  const i18n = createI18n();
  const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
  ensureHqStaff(db, config.hqAdmins);
  const tg = await startFakeTelegram();
  const vk = await startFakeVk();
  localPictures({ db }, vk);
  let adapter: TelegramAdapter | undefined;
  let vkAdapter: VkAdapter | undefined;
  const notify: Notifier = async ({ target, replies }) => {
    const bot = target.channel === 'telegram' ? adapter : target.channel === 'vk' ? vkAdapter : undefined;
    if (!bot) throw new Error(`no ${target.channel} bot`);
    await bot.send(target.chatId, replies);
  };
  const fulfillment = createFulfillmentRuntime({ config, db, i18n, logger, notify, hqStorefrontId: storefront.id });
  const engine = createEngine({
    db,
    i18n,
    logger,
    phoneRegion: 'RU',
    outbox: fulfillment.outbox,
    warehouse: config.fulfillment.provider === 'warehouse-chat' ? { chat: config.fulfillment.chat } : undefined,
  });
  adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    storefrontId: storefront.id,
    engine,
    i18n,
    logger,
    retry: { maxAttempts: 1, maxDelaySeconds: 1 },
    deliveryLimits: flowTestLimits,
  });
  vkAdapter = createVkAdapter({
    token: vk.token,
    groupId: vk.groupId,
    apiBaseUrl: vk.apiBaseUrl,
    storefrontId: storefront.id,
    engine,
    media: createMediaCache(db),
    downloadPicture: localPictureDownloads,
    logger,
    pollWaitSeconds: 5,
    retryDelayMs: 50,
    deliveryLimits: flowTestLimits,
  });
  tg.alsoWaitFor(() => adapter!.pending() > 0);
  vk.alsoWaitFor(() => vkAdapter!.pending() > 0);
  for (const route of fulfillment.routes) http.addRoute(route);
  await adapter.start();
  await vkAdapter.startPolling();
  fulfillment.start();
  return {
    config,
    db,
    tg,
    adapter,
    vk,
    vkAdapter,
    fulfillment,
    http,
    storefront,
    engine,
    async close() {
      await adapter!.stop();
      await vkAdapter!.stop();
      await fulfillment.stop();
      await http.close();
      await tg.close();
      await vk.close();
    },
  };
}

/** Waits until `check` holds (the outbox works in the background). */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A Telegram buyer orders the demo Chelsea boots, a pair of each size (39 by default), paying on delivery; returns the order. */
export async function buyBoots(s: ShopHarness, buyer: FakeUser = anna, sizes = ['39'], answers = ['Анна Смирнова', '+79161234567', 'Вологда', 'ул. Мира, 5, кв. 12']) {
  const { tg } = s;
  const boots = s.db.$client.prepare("select id from products where sku = 'SHOE-CHELSEA-01'").get() as { id: number };
  for (const size of sizes) {
    tg.sendText(buyer, `/start p${boots.id}`);
    await tg.settle();
    tg.pressLatest(buyer, size);
    await tg.settle();
  }
  tg.pressLatest(buyer, '✅ Оформить заказ');
  await tg.settle();
  // The personal-data notice comes at a buyer's first checkout only.
  if ((tg.lastMessage(buyer.id)?.text ?? '').includes('Перед оформлением заказа')) {
    tg.pressLatest(buyer, '✅ Согласен');
    await tg.settle();
  }
  for (const answer of answers) {
    tg.sendText(buyer, answer);
    await tg.settle();
  }
  tg.pressLatest(buyer, 'Пропустить ➡️');
  await tg.settle();
  tg.pressLatest(buyer, '✅ Подтвердить заказ');
  await tg.settle();
  return s.db.select().from(orders).all().at(-1)!;
}

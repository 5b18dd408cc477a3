import { eq, isNotNull, or } from 'drizzle-orm';
import { checkTelegramToken, createTelegramAdapter, type TelegramAdapter } from '../adapters/telegram/telegram-adapter.js';
import { checkVkToken, createVkAdapter, type VkAdapter } from '../adapters/vk/vk-adapter.js';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import type { Engine, StorefrontBots } from '../engine/engine.js';
import type { I18n } from '../engine/i18n.js';
import type { Reply } from '../engine/replies.js';
import type { MediaCache } from '../media/media-cache.js';
import type { Logger, SecretList } from '../shared/logger.js';

/** Sends replies to a chat through one storefront's bot in one messenger. */
export type Sender = (chatId: string, replies: Reply[]) => Promise<void>;

/** What the runtime of franchisee bots needs. */
export interface StorefrontBotsDeps {
  db: Db;
  engine: () => Engine;
  i18n: I18n;
  logger: Logger;
  media: MediaCache;
  secrets: SecretList;
  telegramApiRoot?: string;
  vkApiBaseUrl?: string;
  /** Where senders are registered as bots start (`<storefront>:<channel>`) and removed as they stop. */
  senders: Map<string, Sender>;
}

/** The franchisee bots of one process: started at launch, on connection, on resume; stopped on pause. */
export interface StorefrontBotsRuntime extends StorefrontBots {
  /** Starts every storefront that has its own bot and is not paused. */
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
}

/** Creates the runtime of storefronts' own bots (long polling). */
export function createStorefrontBots(deps: StorefrontBotsDeps): StorefrontBotsRuntime {
  const running = new Map<number, { telegram?: TelegramAdapter; vk?: VkAdapter }>();
  const { logger } = deps;

  async function stop(storefrontId: number): Promise<void> {
    const bots = running.get(storefrontId);
    running.delete(storefrontId);
    deps.senders.delete(`${storefrontId}:telegram`);
    deps.senders.delete(`${storefrontId}:vk`);
    await Promise.all([bots?.telegram?.stop(), bots?.vk?.stop()]);
  }

  async function start(storefrontId: number): Promise<void> {
    await stop(storefrontId);
    const shop = deps.db.select().from(storefronts).where(eq(storefronts.id, storefrontId)).get();
    if (!shop || shop.paused) return;
    const bots: { telegram?: TelegramAdapter; vk?: VkAdapter } = {};
    try {
      if (shop.telegramToken) {
        deps.secrets.add(shop.telegramToken);
        bots.telegram = createTelegramAdapter({ token: shop.telegramToken, apiRoot: deps.telegramApiRoot, storefrontId, engine: deps.engine(), i18n: deps.i18n, logger });
        await bots.telegram.start();
        deps.senders.set(`${storefrontId}:telegram`, bots.telegram.send);
      }
      if (shop.vkToken && shop.vkGroupId) {
        deps.secrets.add(shop.vkToken);
        bots.vk = createVkAdapter({ token: shop.vkToken, groupId: shop.vkGroupId, apiBaseUrl: deps.vkApiBaseUrl, storefrontId, engine: deps.engine(), media: deps.media, logger });
        await bots.vk.startPolling();
        deps.senders.set(`${storefrontId}:vk`, bots.vk.send);
      }
    } catch (error) {
      // One franchisee's broken bot must not keep the others from starting.
      logger.error({ err: error, storefrontId }, 'could not start a storefront bot');
    }
    running.set(storefrontId, bots);
    logger.info({ storefrontId, telegram: Boolean(bots.telegram), vk: Boolean(bots.vk) }, 'storefront bots started');
  }

  return {
    checkTelegram: (token) => checkTelegramToken(token, deps.telegramApiRoot),
    checkVk: (token, groupId) => checkVkToken(token, groupId, deps.vkApiBaseUrl),
    start,
    stop,
    async startAll() {
      const shops = deps.db
        .select({ id: storefronts.id })
        .from(storefronts)
        .where(or(isNotNull(storefronts.telegramToken), isNotNull(storefronts.vkToken)))
        .all();
      await Promise.all(shops.map((s) => start(s.id)));
    },
    async stopAll() {
      await Promise.all([...running.keys()].map(stop));
    },
  };
}

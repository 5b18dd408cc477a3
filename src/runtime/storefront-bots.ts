import { eq, isNotNull, or } from 'drizzle-orm';
import { checkTelegramToken, createTelegramAdapter, type TelegramAdapter } from '../adapters/telegram/telegram-adapter.js';
import { checkVkToken, createVkAdapter, type VkAdapter } from '../adapters/vk/vk-adapter.js';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import type { Engine, StorefrontBots } from '../engine/engine.js';
import type { I18n } from '../engine/i18n.js';
import type { Reply } from '../engine/replies.js';
import type { HttpServer } from '../http/http-server.js';
import type { MediaCache } from '../media/media-cache.js';
import type { Logger, SecretList } from '../shared/logger.js';
import type { SecretBox } from '../shared/secret-box.js';
import { telegramWebhookSecret } from '../storefronts/bot-secrets.js';
import { createBotTokens } from '../storefronts/bot-tokens.js';

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
  /** Encrypts tokens at rest (SECRETS_KEY); without it they are stored in plain text. */
  secretBox?: SecretBox;
  telegramApiRoot?: string;
  vkApiBaseUrl?: string;
  /** Where senders are registered as bots start (`<storefront>:<channel>`) and removed as they stop. */
  senders: Map<string, Sender>;
  /**
   * Webhook mode: franchisees' Telegram bots get `<publicUrl>/telegram/<storefront id>` on this
   * server instead of long polling. VK communities keep Bots Long Poll, which needs nothing set
   * up in the community; the Callback API would need each franchisee to paste a confirmation code.
   */
  webhook?: { publicUrl: string; http: () => HttpServer | undefined };
}

/** The franchisee bots of one process: started at launch, on connection, on resume; stopped on pause. */
export interface StorefrontBotsRuntime extends StorefrontBots {
  /** Starts every storefront that has its own bot and is not paused. */
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
}

/** Creates the runtime of storefronts' own bots (long polling, or Telegram webhooks in webhook mode). */
export function createStorefrontBots(deps: StorefrontBotsDeps): StorefrontBotsRuntime {
  const running = new Map<number, { telegram?: TelegramAdapter; vk?: VkAdapter }>();
  const { logger } = deps;
  const tokens = createBotTokens(deps.db, deps.secretBox);
  const webhookPath = (storefrontId: number) => `/telegram/${storefrontId}`;

  /** Stops serving in this process; Telegram keeps its webhook, so a restart picks up where this left. */
  async function halt(storefrontId: number): Promise<TelegramAdapter | undefined> {
    const bots = running.get(storefrontId);
    running.delete(storefrontId);
    deps.senders.delete(`${storefrontId}:telegram`);
    deps.senders.delete(`${storefrontId}:vk`);
    deps.webhook?.http()?.removeRoute(webhookPath(storefrontId));
    await Promise.all([bots?.telegram?.stop(), bots?.vk?.stop()]);
    return bots?.telegram;
  }

  /** Pausing also removes the webhook: Telegram then holds the buyers' messages until the resume. */
  async function stop(storefrontId: number): Promise<void> {
    const telegram = await halt(storefrontId);
    if (telegram && deps.webhook) {
      await telegram.bot.api.deleteWebhook().catch((error: unknown) => logger.warn({ err: error, storefrontId }, 'could not remove a webhook'));
    }
  }

  async function startTelegram(storefrontId: number, token: string): Promise<TelegramAdapter> {
    const adapter = createTelegramAdapter({ token, apiRoot: deps.telegramApiRoot, storefrontId, engine: deps.engine(), i18n: deps.i18n, logger });
    const http = deps.webhook?.http();
    if (!deps.webhook || !http) {
      await adapter.start();
      return adapter;
    }
    // Registered again at every start, so a bot whose webhook had another secret gets this one.
    const secret = telegramWebhookSecret(deps.db, storefrontId, deps.secretBox);
    deps.secrets.add(secret);
    http.addRoute(adapter.webhookRoute(webhookPath(storefrontId), secret));
    await adapter.startWebhook(`${deps.webhook.publicUrl}${webhookPath(storefrontId)}`, secret);
    return adapter;
  }

  async function start(storefrontId: number): Promise<void> {
    await halt(storefrontId);
    const shop = deps.db.select().from(storefronts).where(eq(storefronts.id, storefrontId)).get();
    if (!shop || shop.paused) return;
    const bots: { telegram?: TelegramAdapter; vk?: VkAdapter } = {};
    try {
      const token = tokens.read(shop);
      if (token.telegram) {
        deps.secrets.add(token.telegram);
        bots.telegram = await startTelegram(storefrontId, token.telegram);
        deps.senders.set(`${storefrontId}:telegram`, bots.telegram.send);
      }
      if (token.vk && shop.vkGroupId) {
        deps.secrets.add(token.vk);
        bots.vk = createVkAdapter({ token: token.vk, groupId: shop.vkGroupId, apiBaseUrl: deps.vkApiBaseUrl, storefrontId, engine: deps.engine(), media: deps.media, logger });
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
    saveTelegram: tokens.saveTelegram,
    saveVk: tokens.saveVk,
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
      await Promise.all([...running.keys()].map(halt));
    },
  };
}

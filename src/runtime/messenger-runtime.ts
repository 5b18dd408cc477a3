import { eq, isNotNull, or } from 'drizzle-orm';
import type { BotChannel, ChatSender, Messenger, Sender } from '../adapters/messenger.js';
import { checkMaxToken } from '../adapters/max/max-adapter.js';
import { checkTelegramToken } from '../adapters/telegram/telegram-adapter.js';
import { checkVkToken } from '../adapters/vk/vk-adapter.js';
import type { Db } from '../db/client.js';
import { storefronts } from '../db/schema.js';
import type { Engine } from '../engine/engine.js';
import type { StorefrontBots } from '../engine/storefront-bots.js';
import type { I18n } from '../shared/i18n.js';
import type { HttpServer } from '../http/http-server.js';
import type { MediaCache } from '../media/media-cache.js';
import { createPictureDownloader, type PictureFetchPolicy } from '../media/picture-download.js';
import type { Notifier } from '../outbox/notifier.js';
import type { Logger, SecretList } from '../shared/logger.js';
import type { SecretBox } from '../shared/secret-box.js';
import { maxWebhookSecret, telegramWebhookSecret } from '../storefronts/bot-secrets.js';
import { createBotTokens } from '../storefronts/bot-tokens.js';
import { messengerFactories, type BotEntry, type MessengerContext, type MessengerFactory } from './messenger-factories.js';

export type { Sender } from '../adapters/messenger.js';

/** What the runtime of every bot needs. */
export interface MessengerRuntimeDeps {
  db: Db;
  engine: () => Engine;
  i18n: I18n;
  logger: Logger;
  media: MediaCache;
  /** Product picture downloads for VK and MAX uploads: public hosts only unless FEED_ALLOW_PRIVATE_HOSTS (tests' fakes live on 127.0.0.1). */
  pictureFetch?: PictureFetchPolicy;
  secrets: SecretList;
  /** Encrypts tokens and webhook secrets at rest (SECRETS_KEY); without it they are stored in plain text. */
  secretBox?: SecretBox;
  telegramApiRoot?: string;
  vkApiBaseUrl?: string;
  maxApiBaseUrl?: string;
  /**
   * The franchisor's storefront and its bots from env. The outbox falls back to its bots when a
   * storefront has no bot of its own in the target's channel.
   */
  hq?: { storefrontId: number; bots: Array<Pick<BotEntry, 'channel' | 'token' | 'groupId'>> };
  /**
   * Webhook mode: bots whose channel supports it get a route on this server instead of long
   * polling (Telegram: `/telegram` for the HQ bot, `/telegram/<storefront id>` for franchisees';
   * VK: `/vk` for the HQ community, franchisees' communities keep Bots Long Poll).
   */
  webhook?: MessengerContext['webhook'] & { http: () => HttpServer | undefined };
  /** The channel factories; {@link messengerFactories} unless a test replaces them. */
  factories?: Partial<Record<BotChannel, MessengerFactory>>;
}

/** Every bot of the process, the HQ's and franchisees', of every channel: one place to start, stop, pause and resume them. */
export interface MessengerRuntime extends StorefrontBots {
  /**
   * Starts every storefront that has a bot (the HQ's from env, franchisees' from the database) and
   * is not paused. Throws before starting anything when a bot's channel has no factory, and when
   * the HQ's bot cannot start; a franchisee's broken bot is logged and the others start.
   */
  startAll(): Promise<void>;
  /** Stops every bot and waits for the updates in hand (shutdown); webhooks stay registered. */
  stopAll(): Promise<void>;
  /** Registers a chat surface that is not a bot (the console chat) for the outbox. */
  attach(storefrontId: number, chat: ChatSender): void;
  /** Sends through the target storefront's bot in the target's channel, else the HQ's; throws when there is none. */
  notify: Notifier;
  /** The bots running for a storefront (tests, diagnostics). */
  running(storefrontId: number): readonly Messenger[];
}

/** Creates the runtime of every bot: long polling, or webhooks on the shared server in webhook mode. */
export function createMessengerRuntime(deps: MessengerRuntimeDeps): MessengerRuntime {
  const { logger } = deps;
  const factories = deps.factories ?? messengerFactories;
  const running = new Map<number, Messenger[]>();
  // `<storefront>:<channel>`: the outbox reaches staff and buyers through these.
  const senders = new Map<string, Sender>();
  const tokens = createBotTokens(deps.db, deps.secretBox);
  const hqId = deps.hq?.storefrontId;
  const downloadPicture = createPictureDownloader(deps.pictureFetch);

  function factoryOf(channel: BotChannel): MessengerFactory {
    const factory = factories[channel];
    if (!factory) throw new Error(`no messenger factory for channel "${channel}": add one to messengerFactories (src/runtime/messenger-factories.ts)`);
    return factory;
  }

  function context(): MessengerContext {
    const http = deps.webhook?.http();
    const { http: _http, ...webhook } = deps.webhook ?? { http: undefined };
    return {
      engine: deps.engine(),
      i18n: deps.i18n,
      logger,
      media: deps.media,
      downloadPicture,
      telegramApiRoot: deps.telegramApiRoot,
      vkApiBaseUrl: deps.vkApiBaseUrl,
      maxApiBaseUrl: deps.maxApiBaseUrl,
      // Without the server up there is nowhere to receive updates: such a bot polls.
      webhook: deps.webhook && http ? (webhook as MessengerContext['webhook']) : undefined,
      storedSecret(storefrontId) {
        const secret = telegramWebhookSecret(deps.db, storefrontId, deps.secretBox);
        deps.secrets.add(secret);
        return secret;
      },
      maxSecret(storefrontId) {
        const secret = maxWebhookSecret(this.storedSecret(storefrontId));
        deps.secrets.add(secret);
        return secret;
      },
    };
  }

  /** The bots a storefront should run now: the HQ's from env, then its own unless it is paused. */
  function entriesOf(storefrontId: number): BotEntry[] {
    const entries: BotEntry[] = storefrontId === hqId ? deps.hq!.bots.map((bot) => ({ ...bot, storefrontId, hq: true })) : [];
    const shop = deps.db.select().from(storefronts).where(eq(storefronts.id, storefrontId)).get();
    if (!shop || shop.paused) return entries;
    try {
      const token = tokens.read(shop);
      if (token.telegram) entries.push({ storefrontId, channel: 'telegram', token: token.telegram, hq: false });
      if (token.vk && shop.vkGroupId) entries.push({ storefrontId, channel: 'vk', token: token.vk, groupId: shop.vkGroupId, hq: false });
      if (token.max) entries.push({ storefrontId, channel: 'max', token: token.max, hq: false });
    } catch (error) {
      logger.error({ err: error, storefrontId }, 'could not start a storefront bot');
    }
    return entries;
  }

  /** Stops serving in this process; a webhook stays registered, so a restart picks up where this left. */
  async function halt(storefrontId: number): Promise<Messenger[]> {
    const bots = running.get(storefrontId) ?? [];
    running.delete(storefrontId);
    for (const bot of bots) {
      senders.delete(`${storefrontId}:${bot.channel}`);
      if (bot.route) deps.webhook?.http()?.removeRoute(bot.route.path);
    }
    await Promise.all(bots.map((bot) => bot.stop()));
    return bots;
  }

  async function startBot(entry: BotEntry, ctx: MessengerContext, bots: Messenger[]): Promise<void> {
    deps.secrets.add(entry.token);
    const bot = factoryOf(entry.channel)(entry, ctx);
    // Listed before it starts, so a bot that fails half-way is still stopped and its route removed.
    bots.push(bot);
    if (bot.route) deps.webhook?.http()?.addRoute(bot.route);
    await bot.start();
    senders.set(`${entry.storefrontId}:${bot.channel}`, bot.send);
  }

  async function start(storefrontId: number): Promise<void> {
    await halt(storefrontId);
    const entries = entriesOf(storefrontId);
    if (entries.length === 0) return;
    const bots: Messenger[] = [];
    running.set(storefrontId, bots);
    const ctx = context();
    for (const entry of entries) {
      try {
        await startBot(entry, ctx, bots);
      } catch (error) {
        // The franchisor's bot is the shop itself: without it the process must not look healthy.
        if (entry.hq) throw error;
        // One franchisee's broken bot must not keep the others from starting.
        logger.error({ err: error, storefrontId, channel: entry.channel }, 'could not start a storefront bot');
      }
    }
    const started = entries.filter((e) => senders.has(`${storefrontId}:${e.channel}`)).map((e) => e.channel);
    logger.info({ storefrontId, channels: started }, 'storefront bots started');
  }

  /** Pausing also releases the webhook: the messenger then holds the buyers' messages until the resume. */
  async function stop(storefrontId: number): Promise<void> {
    const bots = await halt(storefrontId);
    await Promise.all(bots.map((bot) => bot.release()));
  }

  return {
    checkTelegram: (token) => checkTelegramToken(token, deps.telegramApiRoot),
    checkVk: (token, groupId) => checkVkToken(token, groupId, deps.vkApiBaseUrl),
    checkMax: (token) => checkMaxToken(token, deps.maxApiBaseUrl),
    saveTelegram: tokens.saveTelegram,
    saveVk: tokens.saveVk,
    saveMax: tokens.saveMax,
    start,
    stop,
    async startAll() {
      const shops = deps.db
        .select({ id: storefronts.id })
        .from(storefronts)
        .where(or(isNotNull(storefronts.telegramToken), isNotNull(storefronts.vkToken), isNotNull(storefronts.maxToken)))
        .all()
        .map((s) => s.id);
      const ids = [...new Set([...(hqId !== undefined && deps.hq!.bots.length > 0 ? [hqId] : []), ...shops])];
      // A channel configured without a factory is a wiring mistake: say so before any bot starts.
      for (const bot of deps.hq?.bots ?? []) factoryOf(bot.channel);
      await Promise.all(ids.map(start));
    },
    async stopAll() {
      await Promise.all([...running.keys()].map(halt));
    },
    attach(storefrontId, chat) {
      senders.set(`${storefrontId}:${chat.channel}`, chat.send);
    },
    notify: async ({ target, replies }) => {
      const send = senders.get(`${target.storefrontId}:${target.channel}`) ?? (hqId !== undefined ? senders.get(`${hqId}:${target.channel}`) : undefined);
      // Thrown, not dropped: the outbox keeps the message and tries again when a bot is there.
      if (!send) throw new Error(`no ${target.channel} bot to deliver a message through`);
      await send(target.chatId, replies);
    },
    running: (storefrontId) => running.get(storefrontId) ?? [],
  };
}

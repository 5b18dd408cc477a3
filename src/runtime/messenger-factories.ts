import type { BotChannel, Messenger } from '../adapters/messenger.js';
import { createMaxMessenger } from '../adapters/max/max-messenger.js';
import { createTelegramMessenger } from '../adapters/telegram/telegram-messenger.js';
import { createVkMessenger } from '../adapters/vk/vk-messenger.js';
import type { Engine } from '../engine/engine.js';
import type { I18n } from '../shared/i18n.js';
import type { MediaCache } from '../media/media-cache.js';
import type { PictureDownloader } from '../media/picture-download.js';
import type { Logger } from '../shared/logger.js';

/** One bot to run. Past this point it does not matter whether its token came from env or from /connect. */
export interface BotEntry {
  storefrontId: number;
  channel: BotChannel;
  token: string;
  /** The VK community's id. */
  groupId?: number;
  /**
   * The franchisor's own bot, from env: a failure to start it stops the process, and in webhook
   * mode it takes the channel's root path (`/telegram`, `/vk`) and the operator's secrets.
   */
  hq: boolean;
}

/** What a factory gets besides the bot: the engine and the process's settings for every channel. */
export interface MessengerContext {
  engine: Engine;
  i18n: I18n;
  logger: Logger;
  media: MediaCache;
  /** Downloads product pictures for VK and MAX uploads, under the feed's address rules. */
  downloadPicture: PictureDownloader;
  telegramApiRoot?: string;
  vkApiBaseUrl?: string;
  /** MAX_API_BASE_URL: the MAX Bot API root URL; MAX's own when absent. */
  maxApiBaseUrl?: string;
  /** Webhook mode with the HTTP server up; long polling when absent. */
  webhook?: {
    publicUrl: string;
    /** TELEGRAM_WEBHOOK_SECRET for the HQ bot, when the operator set one. */
    telegramSecret?: string;
    /** The HQ community's Callback API secret and confirmation code. */
    vk?: { secret: string; confirmation: string };
  };
  /** The storefront's random webhook secret, stored (sealed with SECRETS_KEY) and scrubbed from logs. */
  storedSecret(storefrontId: number): string;
  /** The storefront's MAX webhook secret, derived from the stored one and scrubbed from logs. */
  maxSecret(storefrontId: number): string;
}

/** Makes one bot of a channel; the runtime starts, stops and registers it. */
export type MessengerFactory = (bot: BotEntry, ctx: MessengerContext) => Messenger;

/** A factory for every channel: a channel added to `Channel` without one here does not compile. */
export type MessengerFactories = Record<BotChannel, MessengerFactory>;

/** The channels bots run in. Adding a messenger: implement `Messenger`, add its factory here, add its config. */
export const messengerFactories: MessengerFactories = {
  telegram(bot, ctx) {
    const path = bot.hq ? '/telegram' : `/telegram/${bot.storefrontId}`;
    // Random and stored unless the operator set one: nothing a franchisee knows leads to it.
    const webhook = ctx.webhook && {
      path,
      url: `${ctx.webhook.publicUrl}${path}`,
      secret: (bot.hq ? ctx.webhook.telegramSecret : undefined) ?? ctx.storedSecret(bot.storefrontId),
    };
    return createTelegramMessenger({ token: bot.token, apiRoot: ctx.telegramApiRoot, storefrontId: bot.storefrontId, engine: ctx.engine, i18n: ctx.i18n, logger: ctx.logger, webhook });
  },
  vk(bot, ctx) {
    if (bot.groupId === undefined) throw new Error('a VK bot needs its community id');
    // Franchisees' communities keep Bots Long Poll: the Callback API would need each to paste a confirmation code.
    const callback = bot.hq ? ctx.webhook?.vk : undefined;
    const webhook = callback && { path: '/vk', url: `${ctx.webhook!.publicUrl}/vk`, ...callback };
    return createVkMessenger({ token: bot.token, groupId: bot.groupId, apiBaseUrl: ctx.vkApiBaseUrl, storefrontId: bot.storefrontId, engine: ctx.engine, media: ctx.media, downloadPicture: ctx.downloadPicture, logger: ctx.logger, webhook });
  },
  max(bot, ctx) {
    const path = bot.hq ? '/max' : `/max/${bot.storefrontId}`;
    const webhook = ctx.webhook && { path, url: `${ctx.webhook.publicUrl}${path}`, secret: ctx.maxSecret(bot.storefrontId) };
    return createMaxMessenger({ token: bot.token, apiBaseUrl: ctx.maxApiBaseUrl, storefrontId: bot.storefrontId, engine: ctx.engine, i18n: ctx.i18n, logger: ctx.logger, downloadPicture: ctx.downloadPicture, webhook });
  },
};

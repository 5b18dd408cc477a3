import { telegramLimits } from '../../delivery/messenger-limits.js';
import type { Messenger } from '../messenger.js';
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from './telegram-adapter.js';

/** What a Telegram bot needs to run as a {@link Messenger}. */
export interface TelegramMessengerOptions extends TelegramAdapterOptions {
  /** Webhook mode: updates arrive at `path` on the shared HTTP server, which Telegram reaches at `url`; long polling otherwise. */
  webhook?: { path: string; url: string; secret: string };
}

/** A Telegram bot as the runtime runs it; `adapter` is the grammY side (tests, benchmarks). */
export interface TelegramMessenger extends Messenger {
  readonly adapter: TelegramAdapter;
}

/** Creates a Telegram bot behind the {@link Messenger} interface: long polling, or a webhook with a header secret. */
export function createTelegramMessenger(opts: TelegramMessengerOptions): TelegramMessenger {
  const adapter = createTelegramAdapter(opts);
  const { webhook, logger, storefrontId } = opts;
  return {
    channel: 'telegram',
    adapter,
    limits: opts.deliveryLimits ?? telegramLimits,
    route: webhook && adapter.webhookRoute(webhook.path, webhook.secret),
    // Registered again at every start, so a bot whose webhook had another secret gets this one.
    start: () => (webhook ? adapter.startWebhook(webhook.url, webhook.secret) : adapter.start()),
    stop: () => adapter.stop(),
    async release() {
      if (!webhook) return;
      await adapter.bot.api.deleteWebhook().catch((error: unknown) => logger.warn({ err: error, storefrontId }, 'could not remove a webhook'));
    },
    send: (chatId, replies) => adapter.send(chatId, replies),
    pending: () => adapter.pending(),
  };
}

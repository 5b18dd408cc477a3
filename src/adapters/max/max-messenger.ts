import type { Messenger } from '../messenger.js';
import { createMaxAdapter, maxDeliveryLimits, type MaxAdapter, type MaxAdapterOptions } from './max-adapter.js';

/** What a MAX bot needs to run as a {@link Messenger}. */
export interface MaxMessengerOptions extends MaxAdapterOptions {
  /** Webhook mode: MAX posts updates to `url` (route `path`) with `secret` in `X-Max-Bot-Api-Secret`; long polling otherwise. */
  webhook?: { path: string; url: string; secret: string };
}

/** A MAX bot as the runtime runs it; `adapter` is the `@maxhub/max-bot-api` side (tests). */
export interface MaxMessenger extends Messenger {
  readonly adapter: MaxAdapter;
}

/** Creates a MAX bot behind the {@link Messenger} interface: long polling, or a webhook subscription with a header secret. */
export function createMaxMessenger(opts: MaxMessengerOptions): MaxMessenger {
  const adapter = createMaxAdapter(opts);
  const { webhook, logger, storefrontId } = opts;
  return {
    channel: 'max',
    adapter,
    limits: opts.deliveryLimits ?? maxDeliveryLimits,
    route: webhook && adapter.webhookRoute(webhook.path, webhook.secret),
    // Subscribed again at every start, so a subscription with another secret gets this one.
    start: () => (webhook ? adapter.startWebhook(webhook.url, webhook.secret) : adapter.start()),
    stop: () => adapter.stop(),
    async release() {
      if (!webhook) return;
      // A bot with no subscription keeps buyers' updates on MAX's side until it is resumed.
      await adapter.bot.api.unsubscribe(webhook.url).catch((error: unknown) => logger.warn({ err: error, storefrontId }, 'could not remove a MAX subscription'));
    },
    send: (chatId, replies) => adapter.send(chatId, replies),
    pending: () => adapter.pending(),
  };
}

import { vkLimits } from '../../delivery/messenger-limits.js';
import type { Messenger } from '../messenger.js';
import { createVkAdapter, type VkAdapter, type VkAdapterOptions } from './vk-adapter.js';

/** What a VK community needs to run as a {@link Messenger}. */
export interface VkMessengerOptions extends VkAdapterOptions {
  /**
   * Callback API mode: VK posts updates to `url` (route `path`) with `secret` in the body and
   * expects `confirmation` back on its check; Bots Long Poll otherwise, which needs nothing set up
   * in the community (franchisees' communities always poll).
   */
  webhook?: { path: string; url: string; secret: string; confirmation: string };
}

/** A VK community as the runtime runs it; `adapter` is the vk-io side (tests). */
export interface VkMessenger extends Messenger {
  readonly adapter: VkAdapter;
}

/** Creates a VK community bot behind the {@link Messenger} interface. */
export function createVkMessenger(opts: VkMessengerOptions): VkMessenger {
  const adapter = createVkAdapter(opts);
  const { webhook, logger } = opts;
  return {
    channel: 'vk',
    adapter,
    limits: opts.deliveryLimits ?? vkLimits,
    route: webhook && adapter.webhookRoute(webhook.path, { secret: webhook.secret, confirmation: webhook.confirmation }),
    async start() {
      if (!webhook) return adapter.startPolling();
      // The Callback API server is set by hand in the community settings: there is no call to make.
      logger.info({ url: webhook.url }, 'VK Callback API server address (set it in the community settings)');
    },
    stop: () => adapter.stop(),
    release: async () => undefined,
    send: (peerId, replies) => adapter.send(peerId, replies),
    pending: () => adapter.pending(),
  };
}

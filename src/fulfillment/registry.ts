import type { FulfillmentConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { hqContacts } from '../franchise/staff-service.js';
import type { FulfillmentProvider, FulfillmentProviderCode } from './provider.js';
import { createHttpProvider } from './providers/http-provider.js';
import { createWarehouseChatProvider, type WarehousePost } from './providers/warehouse-chat-provider.js';
import { enqueueWarehouseCards } from './warehouse-cards.js';

/** Thrown when the warehouse chat has nobody to post to. */
export class NoWarehouseChatError extends Error {
  override readonly name = 'NoWarehouseChatError';
}

/** What building a provider may need. */
export interface FulfillmentDeps {
  db: Db;
  /** The franchisor's own storefront, whose bots and staff stand in for the warehouse chat. */
  hqStorefrontId: number;
}

/**
 * Queues warehouse cards for the warehouse chat, or for each of the franchisor's staff when there
 * is none: one outbox row per chat, so one failing chat never makes the others get a card twice.
 */
function warehousePost(config: Extract<FulfillmentConfig, { provider: 'warehouse-chat' }>, deps: FulfillmentDeps): WarehousePost {
  return async (message) => {
    const targets = config.chat ? [{ ...config.chat, locale: 'ru' as const }] : hqContacts(deps.db, deps.hqStorefrontId);
    if (targets.length === 0) throw new NoWarehouseChatError('no WAREHOUSE_CHAT_ID, and no franchisor staff have written to the bot yet');
    enqueueWarehouseCards(
      deps.db,
      message.kind,
      message.handoff,
      targets.map((t) => ({ storefrontId: deps.hqStorefrontId, channel: t.channel, chatId: t.chatId, locale: t.locale })),
    );
  };
}

/** The providers by their stable code; `main.ts` picks one from the configuration. */
export const fulfillmentProviders: { [C in FulfillmentProviderCode]: (config: Extract<FulfillmentConfig, { provider: C }>, deps: FulfillmentDeps) => FulfillmentProvider } = {
  http: (config) => createHttpProvider({ baseUrl: config.apiUrl, secret: config.secret, callbackUrl: config.callbackUrl }),
  'warehouse-chat': (config, deps) => createWarehouseChatProvider(warehousePost(config, deps)),
};

/** Builds the configured provider. */
export function createFulfillmentProvider(config: FulfillmentConfig, deps: FulfillmentDeps): FulfillmentProvider {
  return config.provider === 'http' ? fulfillmentProviders.http(config, deps) : fulfillmentProviders['warehouse-chat'](config, deps);
}

import type { FulfillmentConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { Notifier } from '../engine/engine.js';
import type { I18n } from '../engine/i18n.js';
import { warehouseCancelNotice, warehouseCard } from '../engine/screens/warehouse.js';
import { staffContacts } from '../franchise/staff-service.js';
import type { FulfillmentProvider, FulfillmentProviderCode } from './provider.js';
import { createHttpProvider } from './providers/http-provider.js';
import { createWarehouseChatProvider, type WarehousePost } from './providers/warehouse-chat-provider.js';

/** Thrown when the warehouse chat has nobody to post to. */
export class NoWarehouseChatError extends Error {
  override readonly name = 'NoWarehouseChatError';
}

/** What building a provider may need. */
export interface FulfillmentDeps {
  db: Db;
  i18n: I18n;
  notify: Notifier;
  /** The franchisor's own storefront, whose bots and staff stand in for the warehouse chat. */
  hqStorefrontId: number;
}

/** Posts warehouse cards to the warehouse chat, or to the franchisor's staff when there is none. */
function warehousePost(config: Extract<FulfillmentConfig, { provider: 'warehouse-chat' }>, deps: FulfillmentDeps): WarehousePost {
  return async (message) => {
    const targets = config.chat ? [{ ...config.chat, locale: 'ru' as const }] : staffContacts(deps.db, deps.hqStorefrontId);
    if (targets.length === 0) throw new NoWarehouseChatError('no WAREHOUSE_CHAT_ID, and no franchisor staff have written to the bot yet');
    const orderId = message.handoff.order.id;
    for (const target of targets) {
      const reply =
        message.kind === 'order' ? warehouseCard(deps.db, deps.i18n, target.locale, orderId) : warehouseCancelNotice(deps.db, deps.i18n, target.locale, orderId);
      await deps.notify({ target: { storefrontId: deps.hqStorefrontId, channel: target.channel, chatId: target.chatId }, replies: [reply] });
    }
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

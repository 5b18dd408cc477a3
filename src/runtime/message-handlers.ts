import { createCartService } from '../cart/cart-service.js';
import { createCatalogService } from '../catalog/catalog-service.js';
import type { Db } from '../db/client.js';
import type { OutboxKind } from '../db/schema.js';
import type { I18n } from '../shared/i18n.js';
import { buyerStatusGate, createBuyerStatusHandler, createNewOrderHandler, createStaffNoticeHandler } from '../engine/order-notices.js';
import { createSellerMessageHandlers } from '../engine/seller-messages.js';
import { createWarehouseCardHandler } from '../engine/warehouse-card-handler.js';
import type { Notifier } from '../outbox/notifier.js';
import type { DeliveryHandler, OutboxGate } from '../outbox/outbox-worker.js';
import { buyerQuietGate, type QuietHours } from '../outbox/quiet-hours.js';
import { createTextHandler } from '../outbox/text-messages.js';

/** What the handlers of messages to people need. */
export interface MessageHandlersDeps {
  db: Db;
  i18n: I18n;
  notify: Notifier;
  /** The clock of the outbox worker (tests move it). */
  now?: () => number;
}

/** The outbox handlers of every kind of message to a person: the only code that sends to someone other than the sender. */
export function createMessageHandlers(deps: MessageHandlersDeps): Partial<Record<OutboxKind, DeliveryHandler>> {
  const { db, i18n, notify } = deps;
  const catalog = createCatalogService(db);
  const noticeDeps = { db, i18n, catalog, notify };
  return {
    'buyer-status': createBuyerStatusHandler(noticeDeps),
    'staff-notice': createStaffNoticeHandler(noticeDeps),
    'new-order': createNewOrderHandler(noticeDeps),
    ...createSellerMessageHandlers({ db, i18n, cart: createCartService(db, catalog), notify, now: deps.now }),
    'warehouse-card': createWarehouseCardHandler({ db, i18n, notify }),
    message: createTextHandler(notify),
  };
}

/**
 * When messages may go: a buyer's status news waits for the coalescing window and never goes in
 * the storefront's night (it does not answer them); the seller's reply, which answers the buyer,
 * and messages to staff are not held.
 */
export function createMessageGates(db: Db, coalesceMs: number, quietHours: QuietHours | null): Partial<Record<OutboxKind, OutboxGate>> {
  return { 'buyer-status': buyerQuietGate(db, quietHours, buyerStatusGate(coalesceMs)) };
}

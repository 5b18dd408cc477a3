import type { Db } from '../db/client.js';
import type { WarehouseCardPayload } from '../fulfillment/warehouse-cards.js';
import type { Notifier } from '../outbox/notifier.js';
import type { DeliveryHandler } from '../outbox/outbox-worker.js';
import { parseRecipient } from '../outbox/recipient.js';
import type { I18n } from '../shared/i18n.js';
import { warehouseCancelNotice, warehouseCard } from './screens/warehouse.js';

/** The outbox handler of warehouse cards: the order's card (or its cancellation) to one chat. */
export function createWarehouseCardHandler(deps: { db: Db; i18n: I18n; notify: Notifier }): DeliveryHandler {
  return async (row) => {
    if (row.orderId === null || row.recipient === null) return { outcome: 'failed', error: 'no order or recipient' };
    const { card, locale } = JSON.parse(row.payload) as WarehouseCardPayload;
    const reply = card === 'order' ? warehouseCard(deps.db, deps.i18n, locale, row.orderId) : warehouseCancelNotice(deps.db, deps.i18n, locale, row.orderId);
    await deps.notify({ target: parseRecipient(row.recipient), replies: [reply] });
    return { outcome: 'done' };
  };
}

import type { Db } from '../db/client.js';
import type { I18n } from '../engine/i18n.js';
import { warehouseCancelNotice, warehouseCard } from '../engine/screens/warehouse.js';
import type { Notifier } from '../outbox/notifier.js';
import { enqueue } from '../outbox/outbox.js';
import type { DeliveryHandler } from '../outbox/outbox-worker.js';
import { parseRecipient, type Recipient } from '../outbox/recipient.js';
import type { Locale } from '../shared/money.js';
import type { HandoffOrder } from './provider.js';

/** The payload of a `warehouse-card` row: which card, in whose language; the card itself is read from the order at delivery. */
export interface WarehouseCardPayload {
  card: 'order' | 'cancel';
  locale: Locale;
}

/**
 * Writes the card of a hand-off (or of its cancellation) to each of the warehouse chat's
 * targets, one outbox row each, in one transaction. The key holds the hand-off's key: a hand-off
 * tried again after a crash writes nothing new, so each target gets the card once.
 */
export function enqueueWarehouseCards(db: Db, card: WarehouseCardPayload['card'], handoff: HandoffOrder, targets: Array<Recipient & { locale: Locale }>): void {
  db.transaction((tx) => {
    for (const { locale, ...to } of targets) {
      const payload: WarehouseCardPayload = { card, locale };
      enqueue(tx, {
        kind: 'warehouse-card',
        key: `warehouse-card:${handoff.handoffKey}:${card}:${to.storefrontId}:${to.channel}:${to.chatId}`,
        storefrontId: to.storefrontId,
        orderId: handoff.order.id,
        to,
        payload,
      });
    }
  });
}

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

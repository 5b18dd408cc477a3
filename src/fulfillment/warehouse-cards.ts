import type { Db } from '../db/client.js';
import { enqueue } from '../outbox/outbox.js';
import type { Recipient } from '../outbox/recipient.js';
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

import { eq } from 'drizzle-orm';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { Db } from '../db/client.js';
import { buyers, franchiseSettings, orderItems, orders } from '../db/schema.js';
import { staffContacts } from '../franchise/staff-service.js';
import type { StaffNoticeEvent } from '../orders/order-effects.js';
import type { BuyerStatusPayload, OutboxRow } from '../outbox/outbox.js';
import type { DeliveryHandler } from '../outbox/outbox-worker.js';
import { formatMoney } from '../shared/money.js';
import { formatPhone } from '../shared/phone.js';
import { encodeAction } from './actions.js';
import type { Notifier } from './engine.js';
import type { I18n } from './i18n.js';
import { fitLabel, keyboard } from './replies.js';
import { describeNote, missingItems } from './history-notes.js';
import { orderUpdateMessage } from './screens/order-updates.js';

/** What the order notices need. */
export interface OrderNoticesDeps {
  db: Db;
  i18n: I18n;
  catalog: CatalogService;
  notify: Notifier;
}

/**
 * When a buyer's status message may go: once the order has had no news for the coalescing
 * window, and at most three windows after the first stage it tells.
 */
export function buyerStatusGate(coalesceMs: number): (row: OutboxRow) => number {
  return (row) => {
    const { stages } = JSON.parse(row.payload) as BuyerStatusPayload;
    const first = stages[0]?.at ?? 0;
    const last = stages.at(-1)?.at ?? 0;
    return Math.min(last + coalesceMs, first + 3 * coalesceMs);
  };
}

/** The outbox handler of buyers' status messages: one message with every stage since the last one. */
export function createBuyerStatusHandler(deps: OrderNoticesDeps): DeliveryHandler {
  return async (row) => {
    const { stages } = JSON.parse(row.payload) as BuyerStatusPayload;
    if (stages.length === 0 || row.orderId === null) return { outcome: 'done', note: 'nothing to tell' };
    const order = deps.db.select().from(orders).where(eq(orders.id, row.orderId)).get();
    if (!order) return { outcome: 'failed', error: 'order not found' };
    const buyer = deps.db.select({ unreachableAt: buyers.unreachableAt }).from(buyers).where(eq(buyers.id, order.buyerId)).get();
    if (buyer?.unreachableAt) return { outcome: 'done', note: 'buyer unreachable' };
    await deps.notify({
      target: { storefrontId: order.storefrontId, channel: order.channel, chatId: order.chatId },
      replies: [orderUpdateMessage(deps, order, stages)],
    });
    return { outcome: 'done' };
  };
}

/** The outbox handler of notices to a storefront's staff about an order that needs them. */
export function createStaffNoticeHandler(deps: OrderNoticesDeps): DeliveryHandler {
  return async (row) => {
    const { event, note } = JSON.parse(row.payload) as { event: StaffNoticeEvent; note?: string };
    const order = row.orderId === null ? undefined : deps.db.select().from(orders).where(eq(orders.id, row.orderId)).get();
    if (!order) return { outcome: 'failed', error: 'order not found' };
    const items = deps.db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    const missing = event === 'needs_attention' ? missingItems(note ?? 'out_of_stock:', items) : [];
    const fee = deps.db.select({ fee: franchiseSettings.returnFee }).from(franchiseSettings).where(eq(franchiseSettings.id, 1)).get()?.fee ?? 0;
    const hours = Math.max(1, Math.round((Date.now() - (order.statusAt ?? order.createdAt)) / 3_600_000));
    for (const contact of staffContacts(deps.db, order.storefrontId)) {
      const t = (id: string, args?: Record<string, string | number>) => deps.i18n.t(contact.locale, id, args);
      const lines = [
        t(`staff-notice-${event}`, {
          number: String(order.number),
          items: missing.map((i) => (i.size ? `${i.name}, ${i.size}` : i.name)).join('; '),
          status: t(`admin-status-${order.status}`),
          hours,
          name: order.deliveryName,
          phone: formatPhone(order.deliveryPhone),
          change: note ? describeNote(t, note, items) : '',
        }),
      ];
      if (note && event !== 'needs_attention' && event !== 'swapped') lines.push(t('staff-notice-reason', { reason: describeNote(t, note, items) }));
      if (event === 'refused' && fee > 0) lines.push(t('staff-notice-return-fee', { fee: formatMoney(fee, contact.locale) }));
      await deps.notify({
        target: { storefrontId: order.storefrontId, channel: contact.channel, chatId: contact.chatId },
        replies: [{ text: lines.join('\n'), buttons: keyboard([[{ label: fitLabel(t('btn-admin-open-order')), action: encodeAction({ name: 'admin-order', id: order.id }) }]]) }],
      });
    }
    return { outcome: 'done' };
  };
}

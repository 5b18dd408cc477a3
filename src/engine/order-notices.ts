import { eq } from 'drizzle-orm';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { Db } from '../db/client.js';
import { buyers, franchiseSettings, orderItems, orders } from '../db/schema.js';
import type { StaffNoticeEvent } from '../orders/order-effects.js';
import type { Notifier } from '../outbox/notifier.js';
import type { BuyerStatusPayload, DbOrTx } from '../outbox/outbox.js';
import type { DeliveryHandler, OutboxGate } from '../outbox/outbox-worker.js';
import { parseRecipient } from '../outbox/recipient.js';
import { enqueueForStaff } from '../outbox/to-staff.js';
import { formatMoney, type Locale } from '../shared/money.js';
import { formatPhone } from '../shared/phone.js';
import { encodeAction } from './actions.js';
import type { I18n } from '../shared/i18n.js';
import { fitLabel, keyboard } from '../shared/replies.js';
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
export function buyerStatusGate(coalesceMs: number): OutboxGate {
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

/** The payload of a `staff-notice` row: what happened, in the staff member's language. */
export interface StaffNoticePayload {
  event: StaffNoticeEvent;
  note?: string;
  locale?: Locale;
}

/** The outbox handler of a notice to one staff member about an order that needs them. */
export function createStaffNoticeHandler(deps: OrderNoticesDeps): DeliveryHandler {
  return async (row) => {
    const { event, note, locale } = JSON.parse(row.payload) as StaffNoticePayload;
    const order = row.orderId === null ? undefined : deps.db.select().from(orders).where(eq(orders.id, row.orderId)).get();
    if (!order) return { outcome: 'failed', error: 'order not found' };
    // A row written before notices had one recipient each: it becomes one row per staff member now.
    if (row.recipient === null) {
      const written = deps.db.transaction((tx) => enqueueForStaff(tx, { kind: 'staff-notice', key: row.key, storefrontId: order.storefrontId, orderId: order.id, payload: { event, note } }));
      return { outcome: 'done', note: `split into ${written}` };
    }
    const items = deps.db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    const missing = event === 'needs_attention' ? missingItems(note ?? 'out_of_stock:', items) : [];
    const fee = deps.db.select({ fee: franchiseSettings.returnFee }).from(franchiseSettings).where(eq(franchiseSettings.id, 1)).get()?.fee ?? 0;
    const hours = Math.max(1, Math.round((Date.now() - (order.statusAt ?? order.createdAt)) / 3_600_000));
    const lang = locale ?? 'ru';
    const t = (id: string, args?: Record<string, string | number>) => deps.i18n.t(lang, id, args);
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
    if (event === 'refused' && fee > 0) lines.push(t('staff-notice-return-fee', { fee: formatMoney(fee, lang) }));
    await deps.notify({
      target: parseRecipient(row.recipient),
      replies: [{ text: lines.join('\n'), buttons: keyboard([[{ label: fitLabel(t('btn-admin-open-order')), action: encodeAction({ name: 'admin-order', id: order.id }) }]]) }],
    });
    return { outcome: 'done' };
  };
}

/** Writes the new-order alert to each of the storefront's staff, in the transaction that placed the order. */
export function enqueueNewOrderAlerts(db: DbOrTx, order: { id: number; storefrontId: number }): number {
  return enqueueForStaff(db, { kind: 'new-order', key: `new-order:${order.id}`, storefrontId: order.storefrontId, orderId: order.id });
}

/** The outbox handler of the new-order alert to one staff member: the order as it is now, with its card's buttons. */
export function createNewOrderHandler(deps: OrderNoticesDeps): DeliveryHandler {
  return async (row) => {
    const order = row.orderId === null ? undefined : deps.db.select().from(orders).where(eq(orders.id, row.orderId)).get();
    if (!order || row.recipient === null) return { outcome: 'failed', error: 'order or recipient not found' };
    const { locale } = JSON.parse(row.payload) as { locale?: Locale };
    const lang = locale ?? 'ru';
    const t = (id: string, args?: Record<string, string>) => deps.i18n.t(lang, id, args);
    await deps.notify({
      target: parseRecipient(row.recipient),
      replies: [
        {
          text: t('admin-new-order', {
            number: String(order.number),
            total: formatMoney(order.total, lang),
            name: order.deliveryName,
            phone: formatPhone(order.deliveryPhone),
            city: order.deliveryCity,
          }),
          buttons: keyboard([
            [
              order.status === 'new' && { label: t('btn-admin-confirm'), action: encodeAction({ name: 'admin-confirm', id: order.id }) },
              { label: t('btn-admin-open-order'), action: encodeAction({ name: 'admin-order', id: order.id }) },
            ],
          ]),
        },
      ],
    });
    return { outcome: 'done' };
  };
}

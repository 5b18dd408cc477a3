import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orderItems, orders, storefronts, type OrderStatus } from '../../db/schema.js';
import { publicOrderId } from '../../fulfillment/provider.js';
import { recordStatusEvent, type SupplierStatusEvent } from '../../fulfillment/status-callback.js';
import { formatMoney, type Locale } from '../../shared/money.js';
import { formatPhone } from '../../shared/phone.js';
import { encodeAction } from '../actions.js';
import type { ScreenContext } from '../context.js';
import type { I18n } from '../i18n.js';
import { fitLabel, keyboard, type Button, type Reply } from '../replies.js';

/** What a warehouse button reports, by its number in the button's code. */
export const warehouseSteps = ['accepted', 'packed', 'shipped', 'delivered', 'refused', 'returned', 'out_of_stock', 'shipped-untracked'] as const;
type Step = (typeof warehouseSteps)[number];

/** The buttons the warehouse gets at each status: only what can come next. */
const nextSteps: Partial<Record<OrderStatus, Step[]>> = {
  confirmed: ['accepted', 'out_of_stock'],
  sent: ['accepted', 'out_of_stock'],
  accepted: ['packed', 'out_of_stock'],
  packed: ['shipped'],
  shipped: ['delivered', 'refused'],
  refused: ['returned'],
};

function stepButton(i18n: I18n, locale: Locale, orderId: number, step: Step): Button {
  return { label: fitLabel(i18n.t(locale, `btn-wh-${step}`)), action: encodeAction({ name: 'wh', id: orderId, step: warehouseSteps.indexOf(step) }) };
}

/**
 * The order as the warehouse sees it: its id, the shop, what to pick, where to send it and how
 * much cash to collect, with a button for each stage that can come next.
 */
export function warehouseCard(db: Db, i18n: I18n, locale: Locale, orderId: number, note?: string): Reply {
  const order = db.select().from(orders).where(eq(orders.id, orderId)).get()!;
  const shop = db.select({ name: storefronts.name }).from(storefronts).where(eq(storefronts.id, order.storefrontId)).get()!;
  const items = db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)).all();
  const t = (id: string, args?: Record<string, string | number>) => i18n.t(locale, id, args);
  const lines = [
    note,
    t('wh-card-title', { id: publicOrderId(order.id), shop: shop.name, status: t(`admin-status-${order.status}`) }),
    ...items.map((item, i) => t('wh-card-item', { index: i + 1, name: item.name, size: item.size ?? '—', offer: item.offerId, quantity: item.quantity })),
    t('wh-card-recipient', {
      name: order.deliveryName,
      phone: formatPhone(order.deliveryPhone),
      city: order.deliveryCity,
      address: order.deliveryAddress,
    }),
    order.comment ? t('wh-card-comment', { comment: order.comment }) : undefined,
    t('wh-card-cod', { total: formatMoney(order.total, locale) }),
    order.trackingNumber ? t('wh-card-tracking', { carrier: order.carrier ?? '—', tracking: order.trackingNumber }) : undefined,
  ].filter((line): line is string => Boolean(line));
  const steps = nextSteps[order.status] ?? [];
  return { text: lines.join('\n'), buttons: keyboard(steps.map((s) => [stepButton(i18n, locale, order.id, s)])) };
}

/** Tells the warehouse an order it has was cancelled and must not be sent. */
export function warehouseCancelNotice(i18n: I18n, locale: Locale, orderId: number): Reply {
  return { text: i18n.t(locale, 'wh-cancelled', { id: publicOrderId(orderId) }) };
}

function report(ctx: ScreenContext, orderId: number, event: Omit<SupplierStatusEvent, 'event_id' | 'order_id'>): Reply[] {
  const outcome = recordStatusEvent(
    ctx.services.db,
    { event_id: `chat:${randomUUID()}`, order_id: publicOrderId(orderId), ...event },
    `supplier:warehouse-chat:${ctx.ref.channel}:${ctx.actorId ?? ctx.ref.userId}`,
  );
  const status = ctx.services.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)).get()?.status ?? 'new';
  const note =
    outcome === 'applied'
      ? ctx.t('wh-done', { status: ctx.t(`admin-status-${status}`) })
      : ctx.t('wh-already', { status: ctx.t(`admin-status-${status}`) });
  return [warehouseCard(ctx.services.db, ctx.i18n, ctx.locale, orderId, note)];
}

/** A warehouse button: records the stage, or for "shipped" first asks for the carrier and tracking number. */
export function warehouseStep(ctx: ScreenContext, orderId: number, stepIndex: number): Reply[] {
  const step = warehouseSteps[stepIndex];
  const order = ctx.services.db.select().from(orders).where(eq(orders.id, orderId)).get();
  if (!step || !order) return [{ text: ctx.t('wh-unknown-order') }];
  switch (step) {
    case 'shipped':
      ctx.state.trackingFor = orderId;
      return [
        {
          text: ctx.t('wh-ask-tracking', { id: publicOrderId(orderId) }),
          buttons: keyboard([[stepButton(ctx.i18n, ctx.locale, orderId, 'shipped-untracked')]]),
        },
      ];
    case 'shipped-untracked':
      delete ctx.state.trackingFor;
      return report(ctx, orderId, { status: 'shipped' });
    case 'delivered':
      return report(ctx, orderId, { status: 'delivered', cod_collected: order.total });
    case 'out_of_stock':
      return report(ctx, orderId, { status: 'out_of_stock', offer_ids: [] });
    default:
      return report(ctx, orderId, { status: step });
  }
}

/** The warehouse's answer to "carrier and tracking number": `СДЭК 1234567890`, or just the number. */
export function warehouseTracking(ctx: ScreenContext, text: string): Reply[] {
  const orderId = ctx.state.trackingFor!;
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const tracking = words.at(-1) ?? '';
  if (!/^[A-Za-z0-9-]{4,40}$/.test(tracking) || words.length > 6) {
    return [{ text: ctx.t('wh-tracking-bad'), buttons: keyboard([[stepButton(ctx.i18n, ctx.locale, orderId, 'shipped-untracked')]]) }];
  }
  delete ctx.state.trackingFor;
  const carrier = words.slice(0, -1).join(' ') || undefined;
  return report(ctx, orderId, { status: 'shipped', carrier, tracking_number: tracking });
}

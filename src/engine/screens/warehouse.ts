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
import type { I18n } from '../../shared/i18n.js';
import { fitLabel, keyboard, type Button, type Reply } from '../../shared/replies.js';

/**
 * What a warehouse button does, by its number in the button's code. The first ones report a
 * stage; `card` shows the card again; `oos-item` picks a missing item of a larger order.
 */
export const warehouseSteps = ['accepted', 'packed', 'shipped', 'delivered', 'refused', 'returned', 'out_of_stock', 'shipped-untracked', 'card', 'oos-item'] as const;
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

/** Stages that cannot be taken back from the chat (money settled, buyer offered other goods): asked twice. */
const confirmed: readonly Step[] = ['delivered', 'refused', 'out_of_stock'];

/** The largest order whose missing items can be picked one by one (a keyboard holds ten buttons). */
const maxPickableItems = 8;

function stepButton(i18n: I18n, locale: Locale, orderId: number, step: Step, arg = 0, label?: string): Button {
  return {
    label: fitLabel(label ?? i18n.t(locale, `btn-wh-${step}`)),
    action: encodeAction({ name: 'wh', id: orderId, step: warehouseSteps.indexOf(step), arg }),
  };
}

function loadOrder(db: Db, orderId: number) {
  return db.select().from(orders).where(eq(orders.id, orderId)).get();
}

function itemsOf(db: Db, orderId: number) {
  return db.select().from(orderItems).where(eq(orderItems.orderId, orderId)).orderBy(asc(orderItems.id)).all();
}

/**
 * The order as the warehouse sees it: its id, the shop, what to pick, where to send it and how
 * much cash to collect, with a button for each stage that can come next.
 */
export function warehouseCard(db: Db, i18n: I18n, locale: Locale, orderId: number, note?: string): Reply {
  const order = loadOrder(db, orderId)!;
  const shop = db.select({ name: storefronts.name, timeZone: storefronts.timeZone }).from(storefronts).where(eq(storefronts.id, order.storefrontId)).get()!;
  const t = (id: string, args?: Record<string, string | number>) => i18n.t(locale, id, args);
  const lines = [
    note,
    t('wh-card-title', { id: publicOrderId(order.id), shop: shop.name, status: t(`wh-status-${order.status}`), date: formatDate(locale, order.createdAt, shop.timeZone) }),
    // A second round after the buyer changed a size: the earlier card of this order is void.
    order.handoffRound > 1 && ['confirmed', 'sent'].includes(order.status) ? t('wh-card-resent') : undefined,
    ...itemsOf(db, orderId).map((item, i) =>
      item.size
        ? t('wh-card-item', { index: i + 1, name: item.name, size: item.size, offer: item.offerId, quantity: item.quantity })
        : t('wh-card-item-plain', { index: i + 1, name: item.name, offer: item.offerId, quantity: item.quantity }),
    ),
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

function formatDate(locale: Locale, at: number, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', timeZone }).format(at);
}

/** Tells the warehouse an order it has was cancelled and must not be sent. */
export function warehouseCancelNotice(db: Db, i18n: I18n, locale: Locale, orderId: number): Reply {
  const order = loadOrder(db, orderId)!;
  return { text: i18n.t(locale, 'wh-cancelled', { id: publicOrderId(orderId), name: order.deliveryName, city: order.deliveryCity }) };
}

/** Who pressed or typed: the person, not the chat (several people work one warehouse chat). */
function actorOf(ctx: ScreenContext): string {
  return ctx.actorId ?? ctx.ref.userId;
}

function report(ctx: ScreenContext, orderId: number, event: Omit<SupplierStatusEvent, 'event_id' | 'order_id'>): Reply[] {
  const outcome = recordStatusEvent(
    ctx.services.db,
    { event_id: `chat:${randomUUID()}`, order_id: publicOrderId(orderId), ...event },
    `supplier:warehouse-chat:${ctx.ref.channel}:${actorOf(ctx)}`,
  );
  const order = loadOrder(ctx.services.db, orderId)!;
  const args = { id: publicOrderId(orderId), name: order.deliveryName, status: ctx.t(`wh-status-${order.status}`) };
  const note = outcome === 'applied' ? ctx.t('wh-done', args) : ctx.t(order.status === 'cancelled' ? 'wh-is-cancelled' : 'wh-already', args);
  return [warehouseCard(ctx.services.db, ctx.i18n, ctx.locale, orderId, note)];
}

/** "Are you sure?" for a stage that cannot be taken back from the chat. */
function askToConfirm(ctx: ScreenContext, orderId: number, step: Step, what: string): Reply[] {
  return [
    {
      text: ctx.t('wh-confirm', { id: publicOrderId(orderId), what }),
      buttons: keyboard([[stepButton(ctx.i18n, ctx.locale, orderId, step, 1, ctx.t('btn-wh-yes'))], [stepButton(ctx.i18n, ctx.locale, orderId, 'card')]]),
    },
  ];
}

/** Items of a larger order to tick as missing; the ticks live in the chat's dialogue until "done". */
function pickMissing(ctx: ScreenContext, orderId: number, note?: string): Reply[] {
  const items = itemsOf(ctx.services.db, orderId).slice(0, maxPickableItems);
  const picked = new Set(ctx.state.missing?.[String(orderId)] ?? []);
  return [
    {
      text: [note, ctx.t('wh-oos-which', { id: publicOrderId(orderId) })].filter(Boolean).join('\n\n'),
      buttons: keyboard([
        ...items.map((item, i) => [
          stepButton(ctx.i18n, ctx.locale, orderId, 'oos-item', i + 1, `${picked.has(i + 1) ? '☑️' : '⬜'} ${i + 1}. ${item.name}${item.size ? `, ${item.size}` : ''}`),
        ]),
        [stepButton(ctx.i18n, ctx.locale, orderId, 'oos-item', 0, ctx.t('btn-wh-oos-done')), stepButton(ctx.i18n, ctx.locale, orderId, 'card')],
      ]),
    },
  ];
}

function reportMissing(ctx: ScreenContext, orderId: number, offerIds: string[]): Reply[] {
  if (ctx.state.missing) {
    delete ctx.state.missing[String(orderId)];
    if (Object.keys(ctx.state.missing).length === 0) delete ctx.state.missing;
  }
  return report(ctx, orderId, { status: 'out_of_stock', offer_ids: offerIds });
}

/**
 * A warehouse button. "Shipped" first asks the presser for the carrier and tracking number;
 * "delivered", "refused" and "out of stock" are asked twice; "out of stock" on an order of
 * several items asks which of them are missing.
 */
export function warehouseStep(ctx: ScreenContext, orderId: number, stepIndex: number, arg = 0): Reply[] {
  const step = warehouseSteps[stepIndex];
  const order = loadOrder(ctx.services.db, orderId);
  // An order never handed to the warehouse is none of its business: its card would show a buyer's details early.
  if (!step || !order || order.handoffRound === 0) return [{ text: ctx.t('wh-unknown-order') }];
  const actor = actorOf(ctx);
  const stillOpen = (nextSteps[order.status] ?? []).length > 0;
  switch (step) {
    case 'card':
      if (ctx.state.tracking?.[actor] === orderId) delete ctx.state.tracking[actor];
      return [warehouseCard(ctx.services.db, ctx.i18n, ctx.locale, orderId)];
    case 'shipped':
      if (!stillOpen || order.status !== 'packed') return report(ctx, orderId, { status: 'shipped' });
      ctx.state.tracking = { ...ctx.state.tracking, [actor]: orderId };
      return [
        {
          text: ctx.t('wh-ask-tracking', { id: publicOrderId(orderId), name: order.deliveryName, city: order.deliveryCity }),
          buttons: keyboard([[stepButton(ctx.i18n, ctx.locale, orderId, 'shipped-untracked')], [stepButton(ctx.i18n, ctx.locale, orderId, 'card')]]),
        },
      ];
    case 'shipped-untracked':
      if (ctx.state.tracking?.[actor] === orderId) delete ctx.state.tracking[actor];
      return report(ctx, orderId, { status: 'shipped' });
    case 'oos-item': {
      const items = itemsOf(ctx.services.db, orderId);
      const key = String(orderId);
      if (arg > 0) {
        const picked = new Set(ctx.state.missing?.[key] ?? []);
        if (picked.has(arg)) picked.delete(arg);
        else if (arg <= items.length) picked.add(arg);
        ctx.state.missing = { ...ctx.state.missing, [key]: [...picked].sort((a, b) => a - b) };
        return pickMissing(ctx, orderId);
      }
      const picked = ctx.state.missing?.[key] ?? [];
      if (picked.length === 0) return pickMissing(ctx, orderId, ctx.t('wh-oos-none-picked'));
      return reportMissing(ctx, orderId, picked.map((i) => items[i - 1]!.offerId));
    }
    default:
      break;
  }
  // A stage asked twice: the first press only asks (unless the order has moved on, which the report says).
  if (confirmed.includes(step) && arg !== 1 && stillOpen) {
    if (step === 'out_of_stock' && itemsOf(ctx.services.db, orderId).length > 1) return pickMissing(ctx, orderId);
    return askToConfirm(ctx, orderId, step, ctx.t(`wh-confirm-${step}`));
  }
  switch (step) {
    case 'delivered':
      return report(ctx, orderId, { status: 'delivered', cod_collected: order.total });
    case 'out_of_stock':
      return reportMissing(ctx, orderId, itemsOf(ctx.services.db, orderId).map((i) => i.offerId));
    default:
      return report(ctx, orderId, { status: step });
  }
}

/** Whether the person who wrote is expected to give a tracking number. */
export function awaitsTracking(ctx: ScreenContext): boolean {
  return ctx.state.tracking?.[actorOf(ctx)] !== undefined;
}

/** The warehouse's answer to "carrier and tracking number": `CDEK 1234567890` (any carrier name), or just the number. */
export function warehouseTracking(ctx: ScreenContext, text: string): Reply[] {
  const actor = actorOf(ctx);
  const orderId = ctx.state.tracking![actor]!;
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const tracking = words.at(-1) ?? '';
  if (!/^[A-Za-z0-9-]{4,40}$/.test(tracking) || words.length > 6) {
    return [
      {
        text: ctx.t('wh-tracking-bad', { id: publicOrderId(orderId) }),
        buttons: keyboard([[stepButton(ctx.i18n, ctx.locale, orderId, 'shipped-untracked')], [stepButton(ctx.i18n, ctx.locale, orderId, 'card')]]),
      },
    ];
  }
  delete ctx.state.tracking![actor];
  const carrier = words.slice(0, -1).join(' ') || undefined;
  return report(ctx, orderId, { status: 'shipped', carrier, tracking_number: tracking });
}

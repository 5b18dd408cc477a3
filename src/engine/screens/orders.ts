import { formatPhone } from '../../shared/phone.js';
import type { Order } from '../../orders/order-service.js';
import { buyerCancellable, swapItemSize } from '../../orders/order-changes.js';
import { moveOrder } from '../../orders/order-lifecycle.js';
import type { ScreenContext } from '../context.js';
import { describeNote } from '../history-notes.js';
import { outOfStockChoices, soldOutOffers } from './order-updates.js';
import { keyboard, type Reply } from '../../shared/replies.js';
import { backButton, button, catalogButton, dataButton, homeButton, pageNote, pageSize, pager, paragraphs, sizeSuffix } from './common.js';

/** The buyer's orders, newest first, each a button to its card. */
export function ordersScreen(ctx: ScreenContext, page = 0): Reply[] {
  const { orders } = ctx.services;
  const first = orders.listForBuyer(ctx.storefront.id, ctx.buyer.id, 0, 0);
  if (first.total === 0) {
    return [{ text: ctx.t('orders-empty'), buttons: keyboard([[catalogButton(ctx), homeButton(ctx)]]) }];
  }
  const lastPage = Math.ceil(first.total / pageSize) - 1;
  const current = Math.min(page, lastPage);
  const { items, total } = orders.listForBuyer(ctx.storefront.id, ctx.buyer.id, current * pageSize, pageSize);
  const lines = items.map((o) =>
    ctx.t('orders-line', { number: String(o.number), date: ctx.date(o.createdAt), total: ctx.money(o.total), status: ctx.t(`order-status-${o.status}`) }),
  );
  return [
    {
      text: paragraphs(ctx.t('orders-title'), lines.join('\n'), pageNote(ctx, current, total)),
      buttons: keyboard([
        ...items.map((o) => [
          dataButton(ctx.t('btn-order', { number: String(o.number), total: ctx.money(o.total) }), { name: 'order', id: o.id }),
        ]),
        [...pager(ctx, current, total, (p) => ({ name: 'orders', page: p })), homeButton(ctx)],
      ]),
    },
  ];
}

/** One order: status, items, delivery details and its history. */
export function orderScreen(ctx: ScreenContext, orderId: number, note?: string): Reply[] {
  const order = ctx.services.orders.detailsForBuyer(ctx.storefront.id, ctx.buyer.id, orderId);
  if (!order) return ordersScreen(ctx);
  const items = order.items.map((item, i) =>
    ctx.t('cart-line', {
      index: i + 1,
      name: item.name,
      size: sizeSuffix(ctx, item.size),
      quantity: item.quantity,
      price: ctx.money(item.price),
      sum: ctx.money(item.price * item.quantity),
    }),
  );
  // Stages the warehouse skipped over mean nothing to a buyer.
  const history = order.history
    .filter((h) => h.note !== 'skipped')
    .map((h) =>
      ctx.t('order-history-line', { date: ctx.date(h.at), status: ctx.t(`order-status-${h.toStatus}`), note: h.note ? ` — ${describeNote(ctx.t, h.note, order.items)}` : '' }),
    );
  // Out of stock: the buyer's choices are on the card too, not only in the message that announced it.
  const choices =
    order.status === 'needs_attention'
      ? outOfStockChoices({ db: ctx.services.db, i18n: ctx.i18n, catalog: ctx.services.catalog }, ctx.locale, order, soldOutOffers(order.history.map((h) => ({ status: h.toStatus, at: h.at, note: h.note ?? undefined }))))
      : undefined;
  return [
    {
      text: paragraphs(
        note,
        choices?.text,
        ctx.t('order-title', { number: String(order.number), date: ctx.date(order.createdAt), status: ctx.t(`order-status-${order.status}`) }),
        items.join('\n'),
        ctx.t('order-total', { total: ctx.money(order.total) }),
        ctx.t('checkout-summary-delivery', {
          name: order.deliveryName,
          phone: formatPhone(order.deliveryPhone),
          city: order.deliveryCity,
          address: order.deliveryAddress,
        }),
        order.comment && ctx.t('checkout-summary-comment', { comment: order.comment }),
        ctx.t('order-history', { lines: history.join('\n') }),
      ),
      buttons: keyboard([
        choices?.sizes ?? [],
        [button(ctx, 'btn-ask', { name: 'ask' })],
        [(buyerCancellable as readonly string[]).includes(order.status) && button(ctx, 'btn-cancel-my-order', { name: 'order-cancel', id: order.id })],
        [backButton(ctx, { name: 'orders', page: 0 }), homeButton(ctx)],
      ]),
    },
  ];
}

/** Thanks, the order number, what was ordered, when it usually arrives and what happens next. */
export function orderPlacedScreen(ctx: ScreenContext, order: Order): Reply[] {
  const items = ctx.services.orders.detailsForBuyer(ctx.storefront.id, ctx.buyer.id, order.id)?.items ?? [];
  const count = items.reduce((n, i) => n + i.quantity, 0);
  return [
    {
      text: paragraphs(
        ctx.t(order.status === 'confirmed' ? 'order-placed-confirmed' : 'order-placed', { number: String(order.number), count, total: ctx.money(order.total) }),
        items
          .map((item, i) =>
            ctx.t('cart-line', { index: i + 1, name: item.name, size: sizeSuffix(ctx, item.size), quantity: item.quantity, price: ctx.money(item.price), sum: ctx.money(item.price * item.quantity) }),
          )
          .join('\n'),
        ctx.t('order-placed-timing', ctx.deliveryDays),
      ),
      buttons: keyboard([[button(ctx, 'btn-my-orders', { name: 'orders', page: 0 }), homeButton(ctx)]]),
    },
  ];
}

/** The buyer picked another size for an item the warehouse ran out of. */
export function swapSizeScreen(ctx: ScreenContext, orderId: number, itemId: number, variantId: number): Reply[] {
  const result = swapItemSize(ctx.services.db, { storefrontId: ctx.storefront.id, buyerId: ctx.buyer.id, orderId, itemId, variantId });
  if (!result.ok) return orderScreen(ctx, orderId, ctx.t(result.reason === 'size-gone' ? 'order-swap-gone' : 'order-swap-too-late'));
  return orderScreen(ctx, orderId, ctx.t('order-swap-done', { size: result.size ?? '—' }));
}

/** Asks before cancelling: an order is not thrown away by a stray tap. */
export function askCancelMyOrder(ctx: ScreenContext, orderId: number): Reply[] {
  const order = ctx.services.orders.detailsForBuyer(ctx.storefront.id, ctx.buyer.id, orderId);
  if (!order) return ordersScreen(ctx);
  if (!(buyerCancellable as readonly string[]).includes(order.status)) return orderScreen(ctx, orderId, ctx.t('order-cancel-too-late'));
  return [
    {
      text: ctx.t('order-cancel-ask', { number: String(order.number) }),
      buttons: keyboard([[button(ctx, 'btn-cancel-yes', { name: 'order-cancel-yes', id: orderId }), button(ctx, 'btn-cancel-no', { name: 'order', id: orderId })]]),
    },
  ];
}

/** Cancels the buyer's own order (before the warehouse starts on it); the staff are told. */
export function cancelMyOrder(ctx: ScreenContext, orderId: number): Reply[] {
  const order = ctx.services.orders.detailsForBuyer(ctx.storefront.id, ctx.buyer.id, orderId);
  if (!order) return ordersScreen(ctx);
  if (order.status === 'cancelled') return orderScreen(ctx, orderId);
  if (!(buyerCancellable as readonly string[]).includes(order.status)) return orderScreen(ctx, orderId, ctx.t('order-cancel-too-late'));
  const result = moveOrder(ctx.services.db, {
    storefrontId: ctx.storefront.id,
    orderId,
    to: 'cancelled',
    actor: `buyer:${ctx.buyer.id}`,
    note: ctx.t('order-cancel-by-buyer-note'),
  });
  return orderScreen(ctx, orderId, ctx.t(result.ok ? 'order-cancel-done' : 'order-cancel-too-late'));
}

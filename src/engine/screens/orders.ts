import { formatPhone } from '../../shared/phone.js';
import type { Order } from '../../orders/order-service.js';
import type { ScreenContext } from '../context.js';
import { keyboard, type Reply } from '../replies.js';
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
  const history = order.history.map((h) =>
    ctx.t('order-history-line', { date: ctx.date(h.at), status: ctx.t(`order-status-${h.toStatus}`), note: h.note ? ` — ${h.note}` : '' }),
  );
  return [
    {
      text: paragraphs(
        note,
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
      buttons: keyboard([[button(ctx, 'btn-ask', { name: 'ask' })], [backButton(ctx, { name: 'orders', page: 0 }), homeButton(ctx)]]),
    },
  ];
}

/** Thanks, the order number and what happens next. */
export function orderPlacedScreen(ctx: ScreenContext, order: Order): Reply[] {
  const count = ctx.services.orders.detailsForBuyer(ctx.storefront.id, ctx.buyer.id, order.id)?.items.reduce((n, i) => n + i.quantity, 0) ?? 0;
  return [
    {
      text: ctx.t(order.status === 'confirmed' ? 'order-placed-confirmed' : 'order-placed', { number: String(order.number), count, total: ctx.money(order.total) }),
      buttons: keyboard([[button(ctx, 'btn-my-orders', { name: 'orders', page: 0 }), homeButton(ctx)]]),
    },
  ];
}

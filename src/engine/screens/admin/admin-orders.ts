import { publicOrderId } from '../../../fulfillment/provider.js';
import type { HandoffStatus } from '../../../fulfillment/handoff-status.js';
import { canMove, moveOrder } from '../../../orders/order-lifecycle.js';
import { staffOrderFilters as filters, type StaffOrder } from '../../../orders/staff-order-queries.js';
import { formatPhone } from '../../../shared/phone.js';
import type { ScreenContext } from '../../context.js';
import { describeNote } from '../../history-notes.js';
import { keyboard, type Button, type Reply } from '../../../shared/replies.js';
import { backButton, button, dataButton, homeButton, pageSize, pager, paragraphs, sizeSuffix } from '../common.js';

/** How many orders of a page get a button of their own. */
const shownButtons = 3;
/** Quick cancellation reasons (a typed reason works too). */
const cancelReasons = ['admin-reason-stock', 'admin-reason-buyer', 'admin-reason-unreachable'] as const;

function ownOrder(ctx: ScreenContext, orderId: number) {
  return ctx.services.staffOrders.byId(ctx.storefront.id, orderId);
}

/** `/orders`: the storefront's orders by status, newest first. */
export function adminOrdersScreen(ctx: ScreenContext, filterIndex = 0, page = 0): Reply[] {
  const filter = filters[filterIndex] ?? filters[0]!;
  const { items, total } = ctx.services.staffOrders.page(ctx.storefront.id, filter, page, pageSize);
  const lines = items.map((o) =>
    ctx.t('admin-order-line', { number: String(o.number), date: ctx.date(o.createdAt), total: ctx.money(o.total), status: ctx.t(`admin-status-${o.status}`), name: o.deliveryName }),
  );
  const filterButtons: Button[] = filters.map((f, i) => button(ctx, `btn-admin-filter-${f.id}`, { name: 'admin-orders', status: i, page: 0 }));
  return [
    {
      text: paragraphs(
        ctx.t('admin-orders-title', { filter: ctx.t(`admin-filter-${filter.id}`), count: total }),
        lines.join('\n') || ctx.t('admin-orders-none'),
        // Only the first few get a button (keyboards are small); the rest open by number.
        items.length > shownButtons && ctx.t('admin-orders-more', { number: String(items[shownButtons]!.number) }),
      ),
      buttons: keyboard([
        ...items.slice(0, shownButtons).map((o) => [dataButton(ctx.t('btn-admin-order', { number: String(o.number), total: ctx.money(o.total) }), { name: 'admin-order', id: o.id })]),
        filterButtons,
        [...pager(ctx, page, total, (p) => ({ name: 'admin-orders', status: filterIndex, page: p })), backButton(ctx, { name: 'admin' }), homeButton(ctx)],
      ]),
    },
  ];
}

/** `/order <number>`: an order number the staff typed. */
export function adminOrderByNumber(ctx: ScreenContext, args: string): Reply[] {
  const number = Number(args.trim().replace(/^[№#]\s*/, ''));
  const order = Number.isInteger(number) ? ctx.services.staffOrders.byNumber(ctx.storefront.id, number) : undefined;
  return order ? adminOrderScreen(ctx, order.id) : adminOrdersScreen(ctx).map((r) => ({ ...r, text: paragraphs(ctx.t('admin-order-unknown', { number: args.trim() }), r.text) }));
}

/** The order card for staff: items, buyer, delivery details, history; confirm, cancel, contact. */
export function adminOrderScreen(ctx: ScreenContext, orderId: number, note?: string): Reply[] {
  const order = ctx.services.staffOrders.card(ctx.storefront.id, orderId);
  if (!order) return adminOrdersScreen(ctx);
  const { items, history, buyer, handoff } = order;
  const contact =
    buyer.channel === 'telegram' ? `tg://user?id=${buyer.userId}` : buyer.channel === 'vk' ? `https://vk.com/id${buyer.userId}` : undefined;
  // Staff may cancel until the parcel leaves the warehouse (the table decides).
  const open = canMove(order.status, 'cancelled') === undefined;
  return [
    {
      text: paragraphs(
        note,
        ctx.t('admin-order-title', { number: String(order.number), date: ctx.date(order.createdAt), status: ctx.t(`admin-status-${order.status}`) }),
        items.map((i, n) => `${n + 1}. ${i.name}${sizeSuffix(ctx, i.size)} — ${i.quantity} × ${ctx.money(i.price)} (${i.offerId})`).join('\n'),
        ctx.t('admin-order-total', { total: ctx.money(order.total) }),
        ctx.t('admin-order-buyer', {
          name: order.deliveryName,
          phone: formatPhone(order.deliveryPhone),
          city: order.deliveryCity,
          address: order.deliveryAddress,
          channel: ctx.t(`admin-channel-${order.channel}`),
        }),
        order.comment && ctx.t('checkout-summary-comment', { comment: order.comment }),
        warehouseLines(ctx, order, handoff),
        ctx.t('order-history', {
          lines: history
            .map((h) => ctx.t('order-history-line', { date: ctx.date(h.at), status: ctx.t(`admin-status-${h.toStatus}`), note: h.note ? ` — ${describeNote(ctx.t, h.note, items)}` : '' }))
            .join('\n'),
        }),
      ),
      buttons: keyboard([
        [
          order.status === 'new' && button(ctx, 'btn-admin-confirm', { name: 'admin-confirm', id: order.id }),
          open && button(ctx, 'btn-admin-cancel', { name: 'admin-cancel', id: order.id }),
        ],
        [handoff && handoff.state !== 'waiting' && button(ctx, 'btn-admin-handoff-retry', { name: 'admin-handoff-retry', id: order.id })],
        [order.status === 'needs_attention' && button(ctx, 'btn-admin-handoff-retry', { name: 'admin-resend', id: order.id })],
        [contact ? { label: ctx.t('btn-admin-contact'), url: contact } : undefined],
        [backButton(ctx, { name: 'admin-orders', status: 0, page: 0 }), homeButton(ctx)],
      ]),
    },
  ];
}

/** The warehouse's side of an order: its number, the parcel, or why the hand-off is stuck. */
function warehouseLines(ctx: ScreenContext, order: StaffOrder, handoff: HandoffStatus | undefined): string {
  const lines: string[] = [];
  // The number the warehouse knows the order by (and its own, when it gave one): staff and warehouse name the same order.
  if (order.handoffRound > 0) {
    lines.push(
      order.supplierOrderId
        ? ctx.t('admin-order-warehouse-own', { id: publicOrderId(order.id), own: order.supplierOrderId })
        : ctx.t('admin-order-warehouse', { id: publicOrderId(order.id) }),
    );
  }
  if (order.trackingNumber) lines.push(ctx.t('admin-order-tracking', { carrier: order.carrier ?? '', tracking: order.trackingNumber }));
  if (handoff?.state === 'waiting') {
    lines.push(ctx.t('admin-handoff-waiting', { attempts: handoff.attempts, error: handoff.lastError, next: ctx.date(handoff.nextAt) }));
  } else if (handoff) {
    lines.push(ctx.t(`admin-handoff-${handoff.state}`, { error: handoff.lastError }));
  }
  return lines.join('\n');
}

/** Puts a refused or blocked hand-off back in line. */
export function retryOrderHandoff(ctx: ScreenContext, orderId: number): Reply[] {
  const order = ownOrder(ctx, orderId);
  if (!order) return adminOrdersScreen(ctx);
  const queued = ctx.services.staffOrders.retryHandoff(ctx.storefront.id, orderId);
  return adminOrderScreen(ctx, orderId, ctx.t(queued ? 'admin-handoff-retried' : 'admin-handoff-not-retried'));
}

/** Sends an order the warehouse said it cannot fill once more, unchanged: the warehouse was mistaken. */
export function resendOrder(ctx: ScreenContext, orderId: number): Reply[] {
  const result = moveOrder(ctx.services.db, { storefrontId: ctx.storefront.id, orderId, to: 'confirmed', actor: `staff:${ctx.ref.channel}:${ctx.ref.userId}`, note: 'resent' });
  if (!result.ok) return adminOrderScreen(ctx, orderId, ctx.t('admin-order-cannot', { status: ctx.t(`admin-status-${result.status ?? 'new'}`) }));
  return adminOrderScreen(ctx, orderId, ctx.t('admin-handoff-retried'));
}

/** Confirms a new order. */
export function confirmOrder(ctx: ScreenContext, orderId: number): Reply[] {
  const result = moveOrder(ctx.services.db, { storefrontId: ctx.storefront.id, orderId, to: 'confirmed', actor: `staff:${ctx.ref.channel}:${ctx.ref.userId}` });
  if (!result.ok) return adminOrderScreen(ctx, orderId, ctx.t('admin-order-cannot', { status: ctx.t(`admin-status-${result.status ?? 'new'}`) }));
  return adminOrderScreen(ctx, orderId, ctx.t('admin-done-confirmed'));
}

/** Asks why the order is cancelled: quick reasons or typed text. */
export function askCancelReason(ctx: ScreenContext, orderId: number): Reply[] {
  const order = ownOrder(ctx, orderId);
  if (!order) return adminOrdersScreen(ctx);
  ctx.state.cancelOrder = orderId;
  return [
    {
      text: ctx.t('admin-cancel-ask', { number: String(order.number) }),
      buttons: keyboard([
        ...cancelReasons.map((r, i) => [button(ctx, r, { name: 'admin-cancel-reason', id: orderId, reason: i })]),
        [backButton(ctx, { name: 'admin-order', id: orderId })],
      ]),
    },
  ];
}

/** Cancels an order with a reason, releases its stock and tells the buyer why. */
export function cancelOrder(ctx: ScreenContext, orderId: number, reason: string): Reply[] {
  delete ctx.state.cancelOrder;
  const text = [...reason.replace(/\s+/g, ' ').trim()].slice(0, 300).join('');
  const result = moveOrder(ctx.services.db, { storefrontId: ctx.storefront.id, orderId, to: 'cancelled', actor: `staff:${ctx.ref.channel}:${ctx.ref.userId}`, note: text });
  if (!result.ok) return adminOrderScreen(ctx, orderId, ctx.t('admin-order-cannot', { status: ctx.t(`admin-status-${result.status ?? 'new'}`) }));
  return adminOrderScreen(ctx, orderId, ctx.t('admin-done-cancelled'));
}

/** A quick reason, in the buyer's language for the buyer and the staff's for the history. */
export function cancelWithQuickReason(ctx: ScreenContext, orderId: number, index: number): Reply[] {
  const order = ownOrder(ctx, orderId);
  const id = cancelReasons[index];
  if (!order || !id) return adminOrdersScreen(ctx);
  return cancelOrder(ctx, orderId, ctx.i18n.t(order.locale, id));
}

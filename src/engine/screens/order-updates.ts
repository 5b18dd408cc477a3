import { and, eq, gt, ne } from 'drizzle-orm';
import type { CatalogService } from '../../catalog/catalog-service.js';
import type { Db } from '../../db/client.js';
import { orderItems, products, variants } from '../../db/schema.js';
import { cancelTooLateNote } from '../../orders/order-effects.js';
import type { Order } from '../../orders/order-service.js';
import type { BuyerStage } from '../../outbox/outbox.js';
import { formatMoney, type Locale } from '../../shared/money.js';
import { encodeAction } from '../actions.js';
import type { I18n } from '../../shared/i18n.js';
import { fitLabel, keyboard, type Button, type Reply } from '../../shared/replies.js';

/** What a status message is written with. */
export interface OrderUpdateDeps {
  db: Db;
  i18n: I18n;
  catalog: CatalogService;
}

/** Order ids of items the warehouse said it cannot fill, from the history note `out_of_stock:<ids>`. */
export function soldOutOffers(stages: BuyerStage[]): string[] {
  const note = [...stages].reverse().find((s) => s.status === 'needs_attention')?.note ?? '';
  return note.startsWith('out_of_stock:') ? note.slice('out_of_stock:'.length).split(',').filter(Boolean) : [];
}

/** What a buyer can do about an order the warehouse cannot fill: the text and one row of buttons per choice. */
export interface OutOfStockChoices {
  text: string;
  /** Other sizes of the missing item that are in stock. */
  sizes: Button[];
  /** Similar products from the same category (ordered separately). */
  similar: Button[][];
  cancel: Button;
}

/** The buyer's choices, with everything in one message. */
function alternatives(deps: OrderUpdateDeps, locale: Locale, order: Order, offerIds: string[]): { text: string; buttons: Button[][] } {
  const choices = outOfStockChoices(deps, locale, order, offerIds);
  const ask: Button = { label: fitLabel(deps.i18n.t(locale, 'btn-ask')), action: encodeAction({ name: 'ask' }) };
  return { text: choices.text, buttons: keyboard([choices.sizes, ...choices.similar, [ask], [choices.cancel]]) };
}

/** Sizes in stock and similar products for an order the warehouse cannot fill, plus cancelling. */
export function outOfStockChoices(deps: OrderUpdateDeps, locale: Locale, order: Pick<Order, 'id' | 'storefrontId'>, offerIds: string[]): OutOfStockChoices {
  const t = (id: string, args?: Record<string, string | number>) => deps.i18n.t(locale, id, args);
  const items = deps.db.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
  const missing = items.filter((i) => offerIds.length === 0 || offerIds.includes(i.offerId));
  const names = missing.map((i) => (i.size ? t('order-update-item-size', { name: i.name, size: i.size }) : i.name)).join(', ');
  const first = missing[0];
  let sizes: Button[] = [];
  const similar: Button[][] = [];
  if (first) {
    const shownHere = deps.catalog.shown(order.storefrontId, [first.productId]).has(first.productId);
    const inStock = shownHere
      ? deps.db
          .select()
          .from(variants)
          .where(and(eq(variants.productId, first.productId), ne(variants.id, first.variantId), gt(variants.stock, first.quantity - 1)))
          .orderBy(variants.position)
          .limit(5)
          .all()
      : [];
    sizes = inStock.map((v) => ({
      label: fitLabel(t('btn-swap-size', { size: v.size ?? '—' })),
      action: encodeAction({ name: 'order-swap', id: order.id, item: first.id, variantId: v.id }),
    }));
    const product = deps.db.select({ categoryId: products.categoryId }).from(products).where(eq(products.id, first.productId)).get();
    if (product?.categoryId != null) {
      const found = deps.catalog
        .productsIn(order.storefrontId, product.categoryId, 0, 4)
        .items.filter((p) => p.id !== first.productId && p.inStock)
        .slice(0, 2);
      for (const p of found) {
        similar.push([{ label: fitLabel(`${p.name} · ${formatMoney(p.price, locale)}`), action: encodeAction({ name: 'product', id: p.id, sizePage: 0, from: '' }) }]);
      }
    }
  }
  const text = sizes.length > 0 || similar.length > 0 ? 'order-update-needs_attention' : 'order-update-needs_attention-none';
  return {
    text: t(text, { items: names }),
    sizes,
    similar,
    cancel: { label: fitLabel(t('btn-cancel-my-order')), action: encodeAction({ name: 'order-cancel-yes', id: order.id }) },
  };
}

/**
 * The message that tells a buyer what happened to their order since the last one: one line per
 * stage (stages close together arrive as one message), in the buyer's language.
 */
export function orderUpdateMessage(deps: OrderUpdateDeps, order: Order, stages: BuyerStage[]): Reply {
  const locale = order.locale;
  const t = (id: string, args?: Record<string, string | number>) => deps.i18n.t(locale, id, args);
  const lines: string[] = [t('order-update-title', { number: String(order.number) })];
  let buttons: Button[][] | undefined;
  for (const stage of stages) {
    switch (stage.status) {
      case 'shipped':
        lines.push(t('order-update-shipped'));
        if (order.carrier) lines.push(t('order-update-carrier', { carrier: order.carrier }));
        if (order.trackingNumber) lines.push(t('order-update-tracking', { tracking: order.trackingNumber }));
        lines.push(t('order-update-pay', { total: formatMoney(order.total, locale) }));
        break;
      case 'cancelled':
        if (stage.note === cancelTooLateNote) {
          lines.push(t('order-update-cancel-too-late'));
          break;
        }
        lines.push(t('order-update-cancelled'));
        if (stage.note) lines.push(t('order-update-reason', { reason: stage.note }));
        break;
      case 'needs_attention': {
        // Only the latest problem matters: an older one was solved by the stages after it.
        if (stage !== stages.at(-1)) break;
        const offer = alternatives(deps, locale, order, soldOutOffers([stage]));
        lines.push(offer.text);
        buttons = offer.buttons;
        break;
      }
      default:
        lines.push(t(`order-update-${stage.status}`));
    }
  }
  const last = stages.at(-1)?.status;
  if (!buttons) {
    buttons = keyboard([
      [{ label: fitLabel(t('btn-open-order')), action: encodeAction({ name: 'order', id: order.id }) }],
      last === 'cancelled' || last === 'refused' ? [{ label: fitLabel(t('btn-catalog')), action: encodeAction({ name: 'category', id: 0, page: 0 }) }] : [],
    ]);
  }
  return { text: lines.join('\n'), buttons };
}

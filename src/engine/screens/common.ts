import { encodeAction, type Action } from '../actions.js';
import type { ScreenContext } from '../context.js';
import type { ProductSummary } from '../../catalog/catalog-service.js';
import { fitLabel, type Button, type Carousel } from '../../shared/replies.js';

/** Items per page in every list; keeps a list keyboard within VK's 6 rows. */
export const pageSize = 5;

/** A button that runs an action, its label from the locale. */
export function button(ctx: ScreenContext, labelId: string, action: Action, args?: Record<string, string | number>): Button {
  return { label: fitLabel(ctx.t(labelId, args)), action: encodeAction(action) };
}

/** A button with a label made from data (a product name), shortened to fit. */
export function dataButton(label: string, action: Action): Button {
  return { label: fitLabel(label), action: encodeAction(action) };
}

export const homeButton = (ctx: ScreenContext) => button(ctx, 'btn-home', { name: 'home' });
export const catalogButton = (ctx: ScreenContext) => button(ctx, 'btn-catalog', { name: 'category', id: 0, page: 0 });
export const backButton = (ctx: ScreenContext, to: Action) => button(ctx, 'btn-back', to);
export function cartButton(ctx: ScreenContext): Button {
  const count = ctx.services.cart.count(ctx.storefront.id, ctx.buyer.id);
  return button(ctx, 'btn-cart', { name: 'cart', page: 0 }, { count });
}

/** ◀ and ▶ buttons for a paged list; absent where there is no page to go to. */
export function pager(ctx: ScreenContext, page: number, total: number, to: (page: number) => Action): Button[] {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return [
    page > 0 && button(ctx, 'btn-prev-page', to(page - 1)),
    page < pages - 1 && button(ctx, 'btn-next-page', to(page + 1)),
  ].filter((b): b is Button => Boolean(b));
}

/** "Page 2 of 3" when there is more than one page. */
export function pageNote(ctx: ScreenContext, page: number, total: number): string | undefined {
  const pages = Math.ceil(total / pageSize);
  return pages > 1 ? ctx.t('page-of', { page: page + 1, pages }) : undefined;
}

/** The size as people read it (", size 39"), or nothing for one-size items. */
export function sizeSuffix(ctx: ScreenContext, size: string | null): string {
  return size ? ctx.t('size-suffix', { size }) : '';
}

/** A price with the old one in words: `4 290 ₽ (was 5 590 ₽)`. */
export function priceText(ctx: ScreenContext, price: number, oldPrice: number | null): string {
  return oldPrice && oldPrice > price
    ? ctx.t('price-with-old', { price: ctx.money(price), old: ctx.money(oldPrice) })
    : ctx.money(price);
}

/** Joins non-empty text blocks with blank lines. */
export function paragraphs(...blocks: Array<string | undefined | null | false>): string {
  return blocks.filter((b): b is string => Boolean(b)).join('\n\n');
}

/** Product list lines: name and price, or "out of stock". */
export function productLines(ctx: ScreenContext, items: ProductSummary[]): string[] {
  return items.map((p) =>
    p.inStock
      ? ctx.t('catalog-line-product', { name: p.name, price: priceText(ctx, p.price, p.oldPrice) })
      : ctx.t('catalog-line-product-sold-out', { name: p.name }),
  );
}

/** One button per product, opening its card; `from` is where the card's back button leads. */
export function productButtons(ctx: ScreenContext, items: ProductSummary[], from: string): Button[][] {
  return items.map((p) => [
    dataButton(ctx.t('product-button', { name: p.name, price: ctx.money(p.price) }), { name: 'product', id: p.id, sizePage: 0, from }),
  ]);
}

/** The same products as carousel tiles, for messengers that have them. */
export function productCarousel(ctx: ScreenContext, title: string, footer: string, items: ProductSummary[], from: string): Carousel | undefined {
  if (items.length === 0) return undefined;
  return {
    title,
    footer,
    cards: items.map((p) => ({
      title: fitLabel(p.name, 80),
      description: fitLabel(p.inStock ? priceText(ctx, p.price, p.oldPrice) : ctx.t('product-sold-out-short'), 80),
      action: encodeAction({ name: 'product', id: p.id, sizePage: 0, from }),
      buttonLabel: fitLabel(ctx.t('btn-open-card')),
    })),
  };
}

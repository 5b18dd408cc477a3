import type { CartLine } from '../../cart/cart-service.js';
import type { ScreenContext } from '../context.js';
import { keyboard, type Button, type Reply } from '../../shared/replies.js';
import { backButton, button, catalogButton, dataButton, homeButton, paragraphs, pager, sizeSuffix } from './common.js';

// Four item buttons leave room for checkout and a navigation row within VK's 10 buttons.
const itemsPerPage = 4;

/** What changed in a cart since the buyer last looked, and products to offer instead. */
export interface CartReview {
  notes: string[];
  /** Products whose chosen size ran out but which still have other sizes. */
  reopen: Array<{ productId: number; name: string }>;
}

/**
 * Brings the cart in line with the catalog before it is shown or ordered: withdrawn items and
 * sold-out sizes leave, quantities shrink to the stock, and every change becomes a note.
 */
export function reviewCart(ctx: ScreenContext): CartReview {
  const { cart, catalog } = ctx.services;
  const sf = ctx.storefront.id;
  const review: CartReview = { notes: [], reopen: [] };
  for (const line of cart.lines(sf, ctx.buyer.id)) {
    const size = sizeSuffix(ctx, line.size);
    if (!line.listed) {
      cart.remove(sf, ctx.buyer.id, line.id);
      review.notes.push(ctx.t('cart-note-gone', { name: line.name }));
    } else if (line.stock <= 0) {
      cart.remove(sf, ctx.buyer.id, line.id);
      const product = catalog.product(sf, line.productId);
      const left = product?.variants.filter((v) => v.stock > 0 && v.size).map((v) => v.size) ?? [];
      review.notes.push(
        left.length
          ? ctx.t('cart-note-sold-out-other-sizes', { name: line.name, size, sizes: left.join(', ') })
          : ctx.t('cart-note-sold-out', { name: line.name, size }),
      );
      if (left.length) review.reopen.push({ productId: line.productId, name: line.name });
    } else if (line.stock < line.quantity) {
      cart.setQuantity(sf, ctx.buyer.id, line.id, line.stock);
      review.notes.push(ctx.t('cart-note-reduced', { name: line.name, size, stock: line.stock }));
    }
    if (line.listed && line.stock > 0 && line.price !== line.priceSeen) {
      review.notes.push(
        ctx.t('cart-note-price', { name: line.name, old: ctx.money(line.priceSeen), price: ctx.money(line.price) }),
      );
    }
  }
  cart.markPricesSeen(sf, ctx.buyer.id);
  return review;
}

/** Cart totals: units and money. */
export function cartTotals(lines: CartLine[]): { count: number; total: number } {
  return {
    count: lines.reduce((n, l) => n + l.quantity, 0),
    total: lines.reduce((sum, l) => sum + l.price * l.quantity, 0),
  };
}

/** One cart line as text: `1. Sneakers, size 39 — 2 × 4 290 ₽ = 8 580 ₽`. */
export function cartLineText(ctx: ScreenContext, line: CartLine, index: number): string {
  return ctx.t('cart-line', {
    index: index + 1,
    name: line.name,
    size: sizeSuffix(ctx, line.size),
    quantity: line.quantity,
    price: ctx.money(line.price),
    sum: ctx.money(line.price * line.quantity),
  });
}

/** Buttons that reopen products whose size ran out, so another size is one tap away. */
export function reopenButtons(ctx: ScreenContext, review: CartReview): Button[][] {
  return review.reopen.slice(0, 2).map((p) => [
    dataButton(ctx.t('btn-other-sizes', { name: p.name }), { name: 'product', id: p.productId, sizePage: 0, from: 'k0' }),
  ]);
}

/** The cart: lines, total, a button per line to change it, checkout. */
export function cartScreen(ctx: ScreenContext, page = 0, extraNotes: string[] = []): Reply[] {
  const review = reviewCart(ctx);
  const notes = [...extraNotes, ...review.notes.map((n) => `⚠️ ${n}`)].join('\n');
  const lines = ctx.services.cart.lines(ctx.storefront.id, ctx.buyer.id);
  if (lines.length === 0) {
    return [
      {
        text: paragraphs(notes, ctx.t('cart-empty')),
        buttons: keyboard([...reopenButtons(ctx, review), [catalogButton(ctx), button(ctx, 'btn-search', { name: 'search' })], [homeButton(ctx)]]),
      },
    ];
  }
  const { count, total } = cartTotals(lines);
  const pages = Math.ceil(lines.length / itemsPerPage);
  const current = Math.min(page, pages - 1);
  const shown = lines.slice(current * itemsPerPage, (current + 1) * itemsPerPage);
  const itemButtons = shown.map((line, i) => [
    dataButton(
      // Size and quantity first: a long name is what gets cut.
      ctx.t('btn-cart-line', {
        index: current * itemsPerPage + i + 1,
        details: line.size ? `${line.size} ×${line.quantity}` : `×${line.quantity}`,
        name: line.name,
      }),
      { name: 'cart-item', id: line.id },
    ),
  ]);
  return [
    {
      text: paragraphs(
        notes,
        ctx.t('cart-title'),
        lines.map((l, i) => cartLineText(ctx, l, i)).join('\n'),
        ctx.t('cart-total', { count, total: ctx.money(total) }),
        ctx.t('cart-hint'),
        pages > 1 && ctx.t('page-of', { page: current + 1, pages }),
      ),
      buttons: keyboard([
        ...itemButtons.slice(0, review.reopen.length ? itemsPerPage - 1 : itemsPerPage),
        ...reopenButtons(ctx, review).slice(0, 1),
        [button(ctx, 'btn-checkout', { name: 'checkout' })],
        [...pager(ctx, current, lines.length, (p) => ({ name: 'cart', page: p })).slice(0, 2), catalogButton(ctx), homeButton(ctx)],
      ]),
    },
  ];
}

/** One line of the cart with − / + / remove. */
export function cartItemScreen(ctx: ScreenContext, lineId: number, note?: string): Reply[] {
  const line = ctx.services.cart.line(ctx.storefront.id, ctx.buyer.id, lineId);
  if (!line) return cartScreen(ctx);
  return [
    {
      text: paragraphs(
        note && `⚠️ ${note}`,
        ctx.t('cart-item', {
          name: line.name,
          size: sizeSuffix(ctx, line.size),
          quantity: line.quantity,
          price: ctx.money(line.price),
          sum: ctx.money(line.price * line.quantity),
          stock: line.stock,
        }),
      ),
      buttons: keyboard([
        [
          button(ctx, 'btn-decrease', { name: 'cart-dec', id: line.id }),
          button(ctx, 'btn-increase', { name: 'cart-inc', id: line.id }),
          button(ctx, 'btn-remove', { name: 'cart-remove', id: line.id }),
        ],
        [backButton(ctx, { name: 'cart', page: 0 }), button(ctx, 'btn-open-product', { name: 'product', id: line.productId, sizePage: 0, from: 'k0' })],
      ]),
    },
  ];
}

/** Changes a line's quantity by one and shows it again (or the cart, when it reached zero). */
export function changeQuantity(ctx: ScreenContext, lineId: number, delta: 1 | -1): Reply[] {
  const line = ctx.services.cart.line(ctx.storefront.id, ctx.buyer.id, lineId);
  if (!line) return cartScreen(ctx);
  const result = ctx.services.cart.change(ctx.storefront.id, ctx.buyer.id, lineId, delta);
  if (!result.ok && result.reason === 'limit') {
    return cartItemScreen(ctx, lineId, ctx.t('add-limit', { name: line.name, size: sizeSuffix(ctx, line.size), stock: line.stock }));
  }
  if (line.quantity + delta <= 0) return cartScreen(ctx, 0, [ctx.t('cart-removed', { name: line.name })]);
  return cartItemScreen(ctx, lineId);
}

/** Removes a line and shows the cart. */
export function removeLine(ctx: ScreenContext, lineId: number): Reply[] {
  const line = ctx.services.cart.line(ctx.storefront.id, ctx.buyer.id, lineId);
  if (line) ctx.services.cart.remove(ctx.storefront.id, ctx.buyer.id, lineId);
  return cartScreen(ctx, 0, line ? [ctx.t('cart-removed', { name: line.name })] : []);
}

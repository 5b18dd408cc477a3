import type { ProductCard } from '../../catalog/catalog-service.js';
import type { Action } from '../actions.js';
import type { ScreenContext } from '../context.js';
import { keyboard, type Button, type Reply } from '../../shared/replies.js';
import {
  backButton,
  button,
  cartButton,
  catalogButton,
  dataButton,
  homeButton,
  paragraphs,
  priceText,
  sizeSuffix,
} from './common.js';
import { categoryScreen } from './catalog.js';

// Sizes take at most two rows of the card, leaving a row for navigation (VK: ≤ 10 buttons).
const sizesPerPage = 7;
const sizesPerRow = 4;

/** Sizes that can be bought now, in the product's own order. */
export function sizesInStock(product: ProductCard) {
  return product.variants.filter((v) => v.stock > 0);
}

/** The first picture this messenger can show: a photo sent to a bot (`tg:` / `vk:` / `max:`) works only there. */
export function pictureFor(channel: string, pictures: string[]): string | undefined {
  return pictures.find((p) => (p.startsWith('tg:') ? channel === 'telegram' : p.startsWith('vk:') ? channel === 'vk' : p.startsWith('max:') ? channel === 'max' : true));
}

/** Where the card's back button leads: the list the buyer came from, or the product's category. */
function backTo(from: string, categoryId: number | null): Action {
  const list = /^([csk])(\d+)(?:\.(\d+))?$/.exec(from);
  if (list?.[1] === 'c') return { name: 'category', id: Number(list[2]), page: Number(list[3] ?? 0) };
  if (list?.[1] === 's') return { name: 'search-page', page: Number(list[2]) };
  if (list?.[1] === 'k') return { name: 'cart', page: Number(list[2]) };
  return { name: 'category', id: categoryId ?? 0, page: 0 };
}

/** The product card: photo, price, description, parameters and one button per size in stock. */
export function productScreen(ctx: ScreenContext, productId: number, sizePage = 0, note?: string, from = ''): Reply[] {
  const product = ctx.services.catalog.product(ctx.storefront.id, productId);
  if (!product) return categoryScreen(ctx, 0, 0).map((r) => ({ ...r, text: paragraphs(ctx.t('product-gone'), r.text) }));

  const available = sizesInStock(product);
  const oneSize = product.variants.length === 1 && product.variants[0]!.size === null;
  const pages = Math.max(1, Math.ceil(available.length / sizesPerPage));
  const page = Math.min(sizePage, pages - 1);
  // With more sizes than fit, the last slot of a page turns into "more sizes".
  const perPage = pages > 1 ? sizesPerPage - 1 : sizesPerPage;
  const shown = available.slice(page * perPage, page * perPage + perPage);
  const sizeButtons: Button[] = shown.map((v) =>
    v.size === null ? button(ctx, 'btn-add-to-cart', { name: 'add', variantId: v.id }) : dataButton(v.size, { name: 'add', variantId: v.id }),
  );
  if (available.length > (page + 1) * perPage || page > 0) {
    const next = available.length > (page + 1) * perPage ? page + 1 : 0;
    sizeButtons.push(button(ctx, next === 0 ? 'btn-first-sizes' : 'btn-more-sizes', { name: 'product', id: product.id, sizePage: next, from }));
  }

  const params = product.params.map((p) => ctx.t('product-param', { name: p.name, value: p.value })).join('\n');
  const stockLine =
    available.length === 0
      ? ctx.t('product-sold-out')
      : oneSize
        ? ctx.t('product-in-stock')
        : ctx.t('product-sizes', { sizes: available.map((v) => v.size).join(', ') });
  const text = paragraphs(
    note,
    `${product.name}\n${ctx.t('product-price', { price: priceText(ctx, product.price, product.oldPrice) })}`,
    product.description,
    params,
    stockLine,
    available.length > 0 && !oneSize && ctx.t('product-choose-size'),
  );
  const rows: Button[][] = [];
  for (let i = 0; i < sizeButtons.length; i += sizesPerRow) rows.push(sizeButtons.slice(i, i + sizesPerRow));
  rows.push([backButton(ctx, backTo(from, product.categoryId)), cartButton(ctx), homeButton(ctx)]);
  return [{ text, photo: pictureFor(ctx.ref.channel, product.pictures), buttons: keyboard(rows) }];
}

/** Puts one unit of a size in the cart and says so, keeping the card on screen. */
export function addToCart(ctx: ScreenContext, variantId: number): Reply[] {
  const { cart, catalog } = ctx.services;
  const sf = ctx.storefront.id;
  const result = cart.add(sf, ctx.buyer.id, variantId);
  if (!result.ok) {
    const line = catalog.variant(sf, variantId);
    const product = line ? catalog.product(sf, line.productId) : undefined;
    if (!line || !product || result.reason === 'gone') {
      return categoryScreen(ctx, 0, 0).map((r) => ({ ...r, text: paragraphs(ctx.t('product-gone'), r.text) }));
    }
    const size = sizeSuffix(ctx, line.size);
    const note =
      result.reason === 'limit'
        ? ctx.t('add-limit', { name: product.name, size, stock: result.stock })
        : ctx.t('add-sold-out', { name: product.name, size });
    return productScreen(ctx, product.id, 0, `⚠️ ${note}`);
  }
  const { line } = result;
  const lines = cart.lines(sf, ctx.buyer.id);
  const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  return [
    {
      text: ctx.t('cart-added', {
        name: line.name,
        size: sizeSuffix(ctx, line.size),
        quantity: line.quantity,
        count,
        total: ctx.money(total),
      }),
      replace: false,
      buttons: keyboard([
        [button(ctx, 'btn-checkout', { name: 'checkout' })],
        [cartButton(ctx), catalogButton(ctx), homeButton(ctx)],
      ]),
    },
  ];
}

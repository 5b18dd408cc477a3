import type { ProductOverride } from '../../../catalog/catalog-admin.js';
import type { ScreenContext } from '../../context.js';
import { locales } from '../../../shared/i18n.js';
import { keyboard, type Reply } from '../../../shared/replies.js';
import { backButton, button, dataButton, homeButton, paragraphs } from '../common.js';

const rulesOf = (ctx: ScreenContext) => ctx.services.catalogAdmin.priceRules();

/** Whether a typed argument is one of a keyword's spellings (locales `word-*`), in any of the bot's languages. */
function isWord(ctx: ScreenContext, value: string, word: 'reset' | 'on' | 'off'): boolean {
  const spellings = locales.flatMap((l) => ctx.i18n.t(l, `word-${word}`).split(',').map((w) => w.trim().toLowerCase()));
  return spellings.includes(value.trim().toLowerCase());
}

/** A master-catalog product as the storefront's staff see it: the storefront's state of it, price bounds, stock per size. */
function productState(ctx: ScreenContext, productId: number) {
  return ctx.services.catalogAdmin.product(ctx.storefront.id, productId);
}

/** Finds master-catalog products for staff, hidden ones included. */
export function adminFindScreen(ctx: ScreenContext, query: string): Reply[] {
  const words = query.trim();
  if (!words) return [{ text: ctx.t('admin-find-prompt'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  const found = ctx.services.catalogAdmin.find(words);
  if (found.length === 0) return [{ text: ctx.t('admin-find-nothing', { query: words }), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  return [
    {
      text: paragraphs(ctx.t('admin-find-title', { query: words }), found.map((p) => `#${p.id} ${p.name} (${p.sku})`).join('\n')),
      buttons: keyboard([
        ...found.slice(0, 5).map((p) => [dataButton(`#${p.id} ${p.name}`, { name: 'admin-product', id: p.id })]),
        [backButton(ctx, { name: 'admin' }), homeButton(ctx)],
      ]),
    },
  ];
}

/** One product for staff: price in this storefront and its bounds, visibility, bestseller, stock per size. */
export function adminProductScreen(ctx: ScreenContext, productId: number, note?: string): Reply[] {
  const state = productState(ctx, productId);
  if (!state) return adminFindScreen(ctx, '');
  const hidden = state.own?.hidden ?? false;
  const top = state.own?.bestseller ?? false;
  const stock = state.sizes.map((v) => `${v.size ?? ctx.t('admin-one-size')}: ${v.stock}`).join(', ');
  return [
    {
      text: paragraphs(
        note,
        `#${productId} ${state.product.name}`,
        ctx.t('admin-product-prices', {
          price: ctx.money(state.price),
          wholesale: ctx.money(state.product.wholesalePrice),
          minimum: ctx.money(state.minimum),
          own: state.own?.price ? ctx.t('admin-price-own') : ctx.t('admin-price-rule'),
        }),
        ctx.t('admin-product-state', {
          visible: ctx.t(state.product.hidden ? 'admin-withdrawn' : hidden ? 'admin-hidden' : 'admin-visible'),
          top: ctx.t(top ? 'admin-top-yes' : 'admin-top-no'),
        }),
        ctx.t('admin-stock', { stock }),
        ctx.t('admin-product-commands', { id: productId }),
      ),
      buttons: keyboard([
        [
          button(ctx, hidden ? 'btn-admin-show' : 'btn-admin-hide', { name: 'admin-toggle-hidden', id: productId }),
          button(ctx, top ? 'btn-admin-untop' : 'btn-admin-top', { name: 'admin-toggle-top', id: productId }),
        ],
        [backButton(ctx, { name: 'admin-find' }), homeButton(ctx)],
      ]),
    },
  ];
}

function setOwn(ctx: ScreenContext, productId: number, values: ProductOverride): void {
  ctx.services.catalogAdmin.override(ctx.storefront.id, productId, values);
}

/** Hides or shows a product in this storefront only. */
export function toggleHidden(ctx: ScreenContext, productId: number, hidden?: boolean): Reply[] {
  const state = productState(ctx, productId);
  if (!state) return adminFindScreen(ctx, '');
  const next = hidden ?? !(state.own?.hidden ?? false);
  setOwn(ctx, productId, { hidden: next });
  return adminProductScreen(ctx, productId, ctx.t(next ? 'admin-done-hidden' : 'admin-done-shown'));
}

/** Marks or unmarks a bestseller (listed first). */
export function toggleTop(ctx: ScreenContext, productId: number): Reply[] {
  const state = productState(ctx, productId);
  if (!state) return adminFindScreen(ctx, '');
  setOwn(ctx, productId, { bestseller: !(state.own?.bestseller ?? false) });
  return adminProductScreen(ctx, productId);
}

/** `/price <id> <roubles>` or `/price <id> reset`: the storefront's own price, never below the minimum. */
export function setPrice(ctx: ScreenContext, args: string): Reply[] {
  const match = /^(\d+)\s+(\S+)$/.exec(args.trim());
  if (!match) return [{ text: ctx.t('admin-usage-price'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  const productId = Number(match[1]);
  const state = productState(ctx, productId);
  if (!state) return adminFindScreen(ctx, match[1]!);
  if (isWord(ctx, match[2]!, 'reset')) {
    setOwn(ctx, productId, { price: null });
    return adminProductScreen(ctx, productId, ctx.t('admin-done-price-reset'));
  }
  const roubles = /^\d+([.,]\d{1,2})?$/.test(match[2]!) ? Math.round(Number(match[2]!.replace(',', '.')) * 100) : NaN;
  if (!Number.isFinite(roubles) || roubles <= 0) return [{ text: ctx.t('admin-usage-price'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  if (roubles < state.minimum) {
    return adminProductScreen(ctx, productId, ctx.t('admin-price-too-low', { price: ctx.money(roubles), minimum: ctx.money(state.minimum) }));
  }
  setOwn(ctx, productId, { price: roubles });
  return adminProductScreen(ctx, productId, ctx.t('admin-done-price', { price: ctx.money(roubles) }));
}

/** `/markup <percent>` or `/markup reset`: the storefront's markup over wholesale, at least the franchisor's minimum. */
export function setMarkup(ctx: ScreenContext, args: string): Reply[] {
  const value = args.trim().replace('%', '');
  const rules = rulesOf(ctx);
  let markup: number | null;
  if (isWord(ctx, value, 'reset')) markup = null;
  else if (/^\d{1,4}$/.test(value)) markup = Number(value);
  else return [{ text: ctx.t('admin-usage-markup'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  if (markup !== null && markup < rules.minMarkupPercent) {
    return [{ text: ctx.t('admin-markup-too-low', { markup, minimum: rules.minMarkupPercent }), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  }
  ctx.services.storefronts.setMarkup(ctx.storefront.id, markup);
  ctx.storefront.markupPercent = markup;
  return [{ text: ctx.t(markup === null ? 'admin-done-markup-reset' : 'admin-done-markup', { markup: markup ?? 0 }), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
}

/** `/cats`: categories with ids and whether this storefront hides them. */
export function categoriesScreen(ctx: ScreenContext): Reply[] {
  const rows = ctx.services.catalogAdmin.categories(ctx.storefront.id);
  const lines = rows.map((c) => `${c.parentId ? '   ' : ''}#${c.id} ${c.name}${c.hidden ? ` — ${ctx.t('admin-hidden')}` : ''}`);
  return [{ text: paragraphs(ctx.t('admin-categories-title'), lines.join('\n'), ctx.t('admin-categories-help')), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
}

/** `/hidecat <id>` and `/showcat <id>`: a whole category (with its subcategories) in this storefront. */
export function setCategoryHidden(ctx: ScreenContext, args: string, hidden: boolean): Reply[] {
  const id = Number(args.trim());
  const category = Number.isInteger(id) ? ctx.services.catalogAdmin.setCategoryHidden(ctx.storefront.id, id, hidden) : undefined;
  if (!category) return [{ text: ctx.t('admin-usage-category'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  return [{ text: ctx.t(hidden ? 'admin-done-category-hidden' : 'admin-done-category-shown', { name: category.name }), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
}

/** `/desc <id> <text>` or `/desc <id> reset`: the storefront's own description of a product. */
export function setDescription(ctx: ScreenContext, args: string): Reply[] {
  const match = /^(\d+)\s+([\s\S]+)$/.exec(args.trim());
  const productId = Number(match?.[1]);
  if (!match || !productState(ctx, productId)) return [{ text: ctx.t('admin-usage-desc'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  const text = match[2]!.trim();
  if (isWord(ctx, text, 'reset')) {
    setOwn(ctx, productId, { description: null });
    return adminProductScreen(ctx, productId, ctx.t('admin-done-desc-reset'));
  }
  setOwn(ctx, productId, { description: [...text].slice(0, 2000).join('') });
  return adminProductScreen(ctx, productId, ctx.t('admin-done-desc'));
}

/** `/photo <id>`: the next photo the staff member sends becomes the product's picture here; `/photo <id> reset` undoes it. */
export function askPhoto(ctx: ScreenContext, args: string): Reply[] {
  const match = /^(\d+)(?:\s+(\S+))?$/.exec(args.trim());
  const productId = Number(match?.[1]);
  if (!match || !productState(ctx, productId)) return [{ text: ctx.t('admin-usage-photo'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  if (match[2] && isWord(ctx, match[2], 'reset')) {
    setOwn(ctx, productId, { photo: null });
    return adminProductScreen(ctx, productId, ctx.t('admin-done-photo-reset'));
  }
  ctx.state.photoFor = productId;
  return [{ text: ctx.t('admin-photo-prompt', { id: String(productId) }), buttons: keyboard([[backButton(ctx, { name: 'admin-product', id: productId })]]) }];
}

/** The photo that `/photo` asked for. */
export function receivePhoto(ctx: ScreenContext, fileRef: string): Reply[] {
  const productId = ctx.state.photoFor!;
  delete ctx.state.photoFor;
  setOwn(ctx, productId, { photo: fileRef });
  return adminProductScreen(ctx, productId, ctx.t('admin-done-photo'));
}

/** `/autoconfirm on|off`. */
export function setAutoConfirm(ctx: ScreenContext, args: string): Reply[] {
  const on = isWord(ctx, args, 'on');
  const off = isWord(ctx, args, 'off');
  if (!on && !off) return [{ text: ctx.t('admin-usage-autoconfirm'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
  ctx.services.storefronts.setAutoConfirm(ctx.storefront.id, on);
  ctx.storefront.autoConfirm = on;
  return [{ text: ctx.t(on ? 'admin-done-autoconfirm-on' : 'admin-done-autoconfirm-off'), buttons: keyboard([[backButton(ctx, { name: 'admin' })]]) }];
}

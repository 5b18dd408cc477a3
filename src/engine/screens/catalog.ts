import type { ScreenContext } from '../context.js';
import { keyboard, type Button, type Reply } from '../../shared/replies.js';
import { backButton, dataButton, homeButton, pageNote, pageSize, pager, paragraphs, productButtons, productCarousel, productLines } from './common.js';
import { homeScreen } from './home.js';

/**
 * A catalog level: its subcategories first, then the products placed in it, five to a page.
 * `categoryId` 0 is the top level.
 */
export function categoryScreen(ctx: ScreenContext, categoryId: number, page: number): Reply[] {
  const { catalog } = ctx.services;
  const sf = ctx.storefront.id;
  const category = categoryId === 0 ? undefined : catalog.category(sf, categoryId);
  if (categoryId !== 0 && (!category || category.productCount === 0)) {
    return categoryScreen(ctx, 0, 0).map((r) => ({ ...r, text: paragraphs(ctx.t('category-gone'), r.text) }));
  }
  const parentId = category?.id ?? null;
  const children = catalog.childCategories(sf, parentId);
  // Products without a category live at the top level, after the categories.
  const productTotal = catalog.productsIn(sf, parentId, 0, 0).total;
  const total = children.length + productTotal;
  if (total === 0) return homeScreen(ctx, { note: ctx.t('catalog-empty') });

  const lastPage = Math.max(0, Math.ceil(total / pageSize) - 1);
  const current = Math.min(page, lastPage);
  const start = current * pageSize;
  const shownChildren = children.slice(start, start + pageSize);
  const productOffset = Math.max(0, start - children.length);
  const productLimit = pageSize - shownChildren.length;
  const shownProducts = productLimit > 0 ? catalog.productsIn(sf, parentId, productOffset, productLimit).items : [];

  const lines = [
    ...shownChildren.map((c) => ctx.t('catalog-line-category', { name: c.name, count: c.productCount })),
    ...productLines(ctx, shownProducts),
  ];
  const rows: Button[][] = [
    ...shownChildren.map((c) => [dataButton(`📁 ${c.name}`, { name: 'category', id: c.id, page: 0 })]),
    ...productButtons(ctx, shownProducts, `c${categoryId}.${current}`),
  ];
  // At the top level "back" would lead home, which the home button already does.
  const back = category && backButton(ctx, { name: 'category', id: category.parentId ?? 0, page: 0 });
  const title = category ? ctx.t('catalog-title-category', { name: category.name }) : ctx.t('catalog-title-root');
  const note = pageNote(ctx, current, total);
  return [
    {
      text: paragraphs(title, lines.join('\n'), note),
      carousel: productCarousel(ctx, title, note ?? ctx.t('carousel-footer'), shownProducts, `c${categoryId}.${current}`),
      buttons: keyboard([
        ...rows,
        [...pager(ctx, current, total, (p) => ({ name: 'category', id: categoryId, page: p })), back, homeButton(ctx)],
      ]),
    },
  ];
}

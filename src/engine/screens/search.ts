import type { ScreenContext } from '../context.js';
import { keyboard, type Reply } from '../replies.js';
import { button, catalogButton, dataButton, homeButton, pageNote, pageSize, pager, paragraphs, priceText } from './common.js';

/** Longest query shown back to the buyer. */
const shownQueryLength = 60;

function quote(query: string): string {
  const chars = [...query.replace(/\s+/g, ' ').trim()];
  return chars.length > shownQueryLength ? `${chars.slice(0, shownQueryLength - 1).join('')}…` : chars.join('');
}

/** Asks what to look for. */
export function searchPromptScreen(ctx: ScreenContext): Reply[] {
  return [{ text: ctx.t('search-prompt'), buttons: keyboard([[catalogButton(ctx), homeButton(ctx)]]) }];
}

/** Results of a free-text search, five to a page; `query` absent means "the last search". */
export function searchScreen(ctx: ScreenContext, query: string | undefined, page = 0): Reply[] {
  const text = query ?? ctx.state.lastQuery;
  if (!text) return searchPromptScreen(ctx);
  ctx.state.lastQuery = [...text].slice(0, 200).join('');
  const sf = ctx.storefront.id;
  const first = ctx.services.catalog.search(sf, text, page * pageSize, pageSize);
  if (first.total === 0) {
    return [
      {
        text: ctx.t('search-nothing', { query: quote(text) }),
        buttons: keyboard([[catalogButton(ctx), button(ctx, 'btn-search', { name: 'search' })], [homeButton(ctx)]]),
      },
    ];
  }
  const lastPage = Math.ceil(first.total / pageSize) - 1;
  const current = Math.min(page, lastPage);
  const { items, total } = current === page ? first : ctx.services.catalog.search(sf, text, current * pageSize, pageSize);
  const lines = items.map((p) =>
    p.inStock
      ? ctx.t('catalog-line-product', { name: p.name, price: priceText(ctx, p.price, p.oldPrice) })
      : ctx.t('catalog-line-product-sold-out', { name: p.name }),
  );
  return [
    {
      text: paragraphs(ctx.t('search-found', { query: quote(text), count: total }), lines.join('\n'), pageNote(ctx, current, total)),
      buttons: keyboard([
        ...items.map((p) => [
          dataButton(ctx.t('product-button', { name: p.name, price: ctx.money(p.price) }), { name: 'product', id: p.id, sizePage: 0 }),
        ]),
        [...pager(ctx, current, total, (p) => ({ name: 'search-page', page: p })), catalogButton(ctx), homeButton(ctx)],
      ]),
    },
  ];
}

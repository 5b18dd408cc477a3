import type { ScreenContext } from '../context.js';
import { keyboard, type Reply } from '../../shared/replies.js';
import { button, catalogButton, homeButton, pageNote, pageSize, pager, paragraphs, productButtons, productCarousel, productLines } from './common.js';

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
  const first = ctx.search(text, page * pageSize, pageSize);
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
  const { items, total } = current === page ? first : ctx.search(text, current * pageSize, pageSize);
  const title = ctx.t('search-found', { query: quote(text), count: total });
  const note = pageNote(ctx, current, total);
  return [
    {
      text: paragraphs(title, productLines(ctx, items).join('\n'), note),
      carousel: productCarousel(ctx, title, note ?? ctx.t('carousel-footer'), items, `s${current}`),
      buttons: keyboard([
        ...productButtons(ctx, items, `s${current}`),
        [...pager(ctx, current, total, (p) => ({ name: 'search-page', page: p })), catalogButton(ctx), homeButton(ctx)],
      ]),
    },
  ];
}

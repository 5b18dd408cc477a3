import type { ScreenContext } from '../context.js';
import { keyboard, type Reply } from '../../shared/replies.js';
import { button, cartButton, catalogButton, homeButton, paragraphs } from './common.js';

/** The main menu; `greet` for /start, `note` to explain why the buyer landed here. */
export function homeScreen(ctx: ScreenContext, opts: { greet?: boolean; note?: string } = {}): Reply[] {
  const intro = opts.greet
    ? ctx.t('home-greeting', { shop: ctx.storefront.name })
    : ctx.t('home-menu', { shop: ctx.storefront.name });
  return [
    {
      text: paragraphs(opts.note, intro),
      buttons: keyboard([
        [catalogButton(ctx), button(ctx, 'btn-search', { name: 'search' })],
        [cartButton(ctx), button(ctx, 'btn-my-orders', { name: 'orders', page: 0 })],
        [button(ctx, 'btn-help', { name: 'help' }), button(ctx, 'btn-ask', { name: 'ask' })],
        [resumeButton(ctx)],
      ]),
    },
  ];
}

/** "Continue checkout" while a checkout is under way, so wandering off never loses the form. */
function resumeButton(ctx: ScreenContext) {
  return ctx.state.checkout ? button(ctx, 'btn-checkout-resume', { name: 'checkout' }) : undefined;
}

/** How to shop here, the cash-on-delivery terms and the commands. */
export function helpScreen(ctx: ScreenContext, note?: string): Reply[] {
  return [
    {
      text: paragraphs(note, ctx.t('help-text', { shop: ctx.storefront.name }), (ctx.role || ctx.hq) && ctx.t('help-staff')),
      buttons: keyboard([[catalogButton(ctx), cartButton(ctx)], [button(ctx, 'btn-ask', { name: 'ask' }), homeButton(ctx)], [resumeButton(ctx)]]),
    },
  ];
}

/** A polite answer to a button that no longer means anything (old keyboard, foreign payload). */
export function staleButtonScreen(ctx: ScreenContext): Reply[] {
  return homeScreen(ctx, { note: ctx.t('stale-button') });
}

/** Stickers, voice, files and the like: say what the bot understands and show the way on. */
export function unsupportedScreen(ctx: ScreenContext): Reply[] {
  return [
    {
      text: ctx.t('unsupported-message'),
      buttons: keyboard([[catalogButton(ctx), button(ctx, 'btn-search', { name: 'search' })], [homeButton(ctx)]]),
    },
  ];
}

import { randomUUID } from 'node:crypto';
import type { ScreenContext } from '../../context.js';
import { keyboard, type Reply } from '../../../shared/replies.js';
import { homeButton } from '../common.js';
import { homeScreen } from '../home.js';

const reply = (ctx: ScreenContext, id: string, args?: Record<string, string>): Reply[] => [{ text: ctx.t(id, args), buttons: keyboard([[homeButton(ctx)]]) }];

/**
 * `/connect telegram <token>`, `/connect vk <group id> <token>` or `/connect max <token>` (optionally `/connect <shop id> …`
 * for an owner of several): a franchisee connects their own bot. The token is checked with the
 * messenger, saved, and the bot starts at once; it is never repeated in a reply or a log.
 */
export function connectBot(ctx: ScreenContext, args: string): Reply[] {
  const owned = ctx.services.staff.owned(ctx.ref);
  if (owned.length === 0) {
    ctx.logger.warn({ channel: ctx.ref.channel }, 'connect refused: not an owner');
    // Exactly what any unknown command gets: nothing tells an outsider that /connect exists.
    return homeScreen(ctx, { note: ctx.t('unknown-command', { command: '/connect' }) });
  }
  const parts = args.trim().split(/\s+/);
  const shopId = /^\d+$/.test(parts[0] ?? '') && /^(telegram|vk|max)$/i.test(parts[1] ?? '') ? Number(parts.shift()) : undefined;
  const shop = shopId === undefined ? (owned.length === 1 ? owned[0] : undefined) : owned.find((s) => s.id === shopId);
  if (!shop) return reply(ctx, 'connect-which', { shops: owned.map((s) => `#${s.id} ${s.name}`).join(', ') });
  if (!ctx.bots) return reply(ctx, 'connect-unavailable');
  const bots = ctx.bots;
  const kind = (parts[0] ?? '').toLowerCase();
  const to = { storefrontId: ctx.storefront.id, channel: ctx.ref.channel, chatId: ctx.ref.chatId };
  const { i18n, locale, logger } = ctx;
  const { texts } = ctx.services;
  // The outcome is an outbox row written when the check is over (the answer to this event is "checking…").
  const report = (id: string, a?: Record<string, string>) => void texts.enqueue(to, i18n.t(locale, id, a), `connect:${randomUUID()}`);
  const attempt = (work: () => Promise<void>) => () =>
    work().catch((error: unknown) => {
      logger.error({ err: error, storefrontId: shop.id }, 'connecting a bot failed');
      report('error-generic');
    });

  if (kind === 'telegram' && /^\d+:[A-Za-z0-9_-]{30,}$/.test(parts[1] ?? '')) {
    const token = parts[1]!;
    ctx.background.push(
      attempt(async () => {
        const username = await bots.checkTelegram(token);
        if (!username) return report('connect-telegram-refused');
        bots.saveTelegram(shop.id, token, username);
        await bots.start(shop.id);
        report('connect-telegram-done', { bot: `@${username}`, shop: shop.name });
      }),
    );
    return reply(ctx, 'connect-checking');
  }
  if (kind === 'vk' && /^\d+$/.test(parts[1] ?? '') && (parts[2] ?? '').length >= 20) {
    const groupId = Number(parts[1]);
    const token = parts[2]!;
    ctx.background.push(
      attempt(async () => {
        const name = await bots.checkVk(token, groupId);
        if (!name) return report('connect-vk-refused');
        bots.saveVk(shop.id, token, groupId);
        await bots.start(shop.id);
        report('connect-vk-done', { community: name, shop: shop.name });
      }),
    );
    return reply(ctx, 'connect-checking');
  }
  if (kind === 'max' && /^[A-Za-z0-9_\-.:]{20,}$/.test(parts[1] ?? '')) {
    const token = parts[1]!;
    ctx.background.push(
      attempt(async () => {
        const name = await bots.checkMax(token);
        if (!name) return report('connect-max-refused');
        bots.saveMax(shop.id, token);
        await bots.start(shop.id);
        report('connect-max-done', { bot: name, shop: shop.name });
      }),
    );
    return reply(ctx, 'connect-checking');
  }
  return reply(ctx, 'connect-usage');
}

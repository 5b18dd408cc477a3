import { randomUUID } from 'node:crypto';
import { formatFeedProblem, formatImportReport } from '../../../catalog/import/import-messages.js';
import { chatFeedPolicy } from '../../../catalog/import/feed-fetch-guard.js';
import { FeedError } from '../../../catalog/import/feed-types.js';
import { inviteExpiresAt } from '../../../franchise/staff-service.js';
import { defaultStorefrontSlug } from '../../../storefronts/storefront-service.js';
import type { ScreenContext } from '../../context.js';
import { keyboard, type Reply } from '../../../shared/replies.js';
import { backButton, homeButton, paragraphs } from '../common.js';

const back = (ctx: ScreenContext) => keyboard([[backButton(ctx, { name: 'admin' }), homeButton(ctx)]]);

/** `/newshop <name>`: a new storefront offering the master catalog, and the owner's invite code. */
export function newShop(ctx: ScreenContext, args: string): Reply[] {
  const name = args.replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > 64) return [{ text: ctx.t('hq-usage-newshop'), buttons: back(ctx) }];
  const slug = `shop-${Date.now().toString(36)}`;
  const storefront = ctx.services.storefronts.create({ slug, name, timeZone: ctx.storefront.timeZone });
  const code = ctx.services.staff.invite(storefront.id, 'owner', ctx.now());
  return [{ text: paragraphs(ctx.t('hq-done-newshop', { name, id: String(storefront.id), code }), validUntil(ctx)), buttons: back(ctx) }];
}

/** `/invite <shop id> [manager]`: another one-time code for a storefront. */
export function newInvite(ctx: ScreenContext, args: string): Reply[] {
  const match = /^(\d+)(?:\s+(owner|manager))?$/i.exec(args.trim());
  const storefront = match ? ctx.services.storefronts.get(Number(match[1])) : undefined;
  if (!match || !storefront) return [{ text: ctx.t('hq-usage-invite'), buttons: back(ctx) }];
  const role = (match[2]?.toLowerCase() ?? 'owner') as 'owner' | 'manager';
  // An owner of the franchisor's shop could connect a bot of their own as the HQ bot (and its warehouse chat).
  if (role === 'owner' && storefront.slug === defaultStorefrontSlug) return [{ text: ctx.t('hq-invite-own-owner', { shop: String(storefront.id) }), buttons: back(ctx) }];
  const code = ctx.services.staff.invite(storefront.id, role, ctx.now());
  return [{ text: paragraphs(ctx.t('hq-done-invite', { name: storefront.name, code, role: ctx.t(`admin-role-${role}`) }), validUntil(ctx)), buttons: back(ctx) }];
}

/** Until when a code made now can be redeemed, in the HQ storefront's time zone. */
function validUntil(ctx: ScreenContext): string {
  return ctx.t('invite-valid-until', { until: ctx.date(inviteExpiresAt(ctx.now(), ctx.inviteTtlHours)) });
}

/** `/shops`: every storefront with its id. */
export function listShops(ctx: ScreenContext): Reply[] {
  const rows = ctx.services.storefronts.list();
  const line = (s: (typeof rows)[number]) =>
    [
      `#${s.id} ${s.name}`,
      s.telegramUsername && `@${s.telegramUsername}`,
      s.vkGroupId && `vk.com/club${s.vkGroupId}`,
      s.paused && ctx.t('hq-paused-mark'),
    ]
      .filter(Boolean)
      .join(' · ');
  return [{ text: paragraphs(ctx.t('hq-shops-title'), rows.map(line).join('\n')), buttons: back(ctx) }];
}

/** `/rules <recommended %> <minimum %>`: the franchisor's price rules for every storefront. */
export function setRules(ctx: ScreenContext, args: string): Reply[] {
  const match = /^(\d{1,4})%?\s+(\d{1,4})%?$/.exec(args.trim());
  if (!match || Number(match[2]) > Number(match[1])) return [{ text: ctx.t('hq-usage-rules'), buttons: back(ctx) }];
  const recommendedMarkupPercent = Number(match[1]);
  const minMarkupPercent = Number(match[2]);
  ctx.services.catalogAdmin.setPriceRules({ recommendedMarkupPercent, minMarkupPercent });
  return [{ text: ctx.t('hq-done-rules', { recommended: String(recommendedMarkupPercent), minimum: String(minMarkupPercent) }), buttons: back(ctx) }];
}

/**
 * `/import <url>`: loads the warehouse feed; the report comes as a message when it is done. The URL
 * is someone's typing, not the operator's configuration: it is fetched under the chat policy
 * (http(s) only, public hosts unless FEED_ALLOW_PRIVATE_HOSTS, at most FEED_MAX_MB), and a refusal
 * says why and changes nothing.
 */
export function startImport(ctx: ScreenContext, args: string): Reply[] {
  const location = args.trim();
  if (!location || /\s/.test(location)) return [{ text: ctx.t('hq-usage-import'), buttons: back(ctx) }];
  if (!/^https?:\/\//i.test(location)) return [{ text: formatFeedProblem(ctx.i18n, ctx.locale, { kind: 'scheme' }), buttons: back(ctx) }];
  const { catalogAdmin, texts } = ctx.services;
  const policy = ctx.feedFetch ?? chatFeedPolicy;
  const to = { storefrontId: ctx.storefront.id, channel: ctx.ref.channel, chatId: ctx.ref.chatId };
  const { i18n, locale } = ctx;
  // The report is an outbox row written when the import finishes: it reaches the chat even if the bot is down then.
  ctx.background.push(async () => {
    let text: string;
    try {
      text = formatImportReport(i18n, locale, await catalogAdmin.importFeed(location, policy));
    } catch (error) {
      text = error instanceof FeedError ? formatFeedProblem(i18n, locale, error.problem) : i18n.t(locale, 'error-generic');
    }
    texts.enqueue(to, text, `import:${randomUUID()}`);
  });
  return [{ text: ctx.t('hq-import-started'), buttons: back(ctx) }];
}

/** `/join <code>`: a franchisee (or manager) joins their storefront with the code HQ gave them. */
export function joinWithCode(ctx: ScreenContext, args: string): Reply[] {
  const code = args.trim();
  if (!code) return [{ text: ctx.t('join-usage'), buttons: keyboard([[homeButton(ctx)]]) }];
  const result = ctx.services.staff.redeem(code, ctx.ref, ctx.ref.chatId, { ttlHours: ctx.inviteTtlHours, now: ctx.now() });
  if (!result.ok) {
    ctx.logger.warn({ channel: ctx.ref.channel, reason: result.reason }, 'invite code refused');
    const minutes = result.reason === 'throttled' ? { minutes: result.retryInMinutes } : undefined;
    return [{ text: ctx.t(`join-${result.reason}`, minutes), buttons: keyboard([[homeButton(ctx)]]) }];
  }
  const storefront = ctx.services.storefronts.get(result.storefrontId)!;
  return [{ text: ctx.t('join-done', { name: storefront.name, role: ctx.t(`admin-role-${result.role}`) }), buttons: keyboard([[homeButton(ctx)]]) }];
}

/** `/pause <id>` and `/resume <id>`: a franchisee's storefront stops or starts serving (the HQ's own cannot be paused). */
export function setPaused(ctx: ScreenContext, args: string, paused: boolean): Reply[] {
  const id = Number(args.trim());
  const storefront = Number.isInteger(id) ? ctx.services.storefronts.get(id) : undefined;
  if (!storefront) return [{ text: ctx.t('hq-usage-pause'), buttons: back(ctx) }];
  if (storefront.id === ctx.storefront.id) return [{ text: ctx.t('hq-pause-own'), buttons: back(ctx) }];
  ctx.services.storefronts.setPaused(id, paused);
  const bots = ctx.bots;
  if (bots) ctx.background.push(async () => void (await (paused ? bots.stop(id) : bots.start(id))));
  return [{ text: ctx.t(paused ? 'hq-done-paused' : 'hq-done-resumed', { name: storefront.name }), buttons: back(ctx) }];
}

import type { StaffMember } from '../../../franchise/staff-roster.js';
import { defaultStorefrontSlug, type Storefront } from '../../../storefronts/storefront-service.js';
import type { ScreenContext } from '../../context.js';
import { keyboard, type Reply } from '../../../shared/replies.js';
import { backButton, homeButton, paragraphs } from '../common.js';

const answer = (ctx: ScreenContext, text: string): Reply[] => [{ text, buttons: keyboard([[backButton(ctx, { name: 'admin' }), homeButton(ctx)]]) }];

function who(member: Pick<StaffMember, 'channel' | 'userId' | 'name'>): string {
  return member.name ? `${member.name} (${member.channel}:${member.userId})` : `${member.channel}:${member.userId}`;
}

/**
 * `/staff`: the storefront's staff with their role, since when, and the number `/revoke` takes.
 * Franchisor staff (in the HQ bot): `/staff` lists HQ and the HQ storefront's own staff,
 * `/staff 3` the staff of storefront #3. Anyone else sees only their own storefront.
 */
export function staffScreen(ctx: ScreenContext, args: string): Reply[] {
  const wanted = args.trim();
  if (wanted && !/^\d{1,9}$/.test(wanted)) return answer(ctx, ctx.t(ctx.hq ? 'staff-usage-hq' : 'staff-usage'));
  const id = wanted ? Number(wanted) : ctx.storefront.id;
  if (id !== ctx.storefront.id && !ctx.hq) return answer(ctx, ctx.t('staff-usage'));
  const { staff, storefronts } = ctx.services;
  const shop = storefronts.get(id);
  if (!shop) return answer(ctx, ctx.t('staff-usage-hq'));
  // The HQ storefront is run by HQ itself: its list starts with them.
  const members = [...(ctx.hq && shop.id === ctx.storefront.id ? staff.list(null, shop.id) : []), ...staff.list(shop.id, shop.id)];
  const line = (m: StaffMember) => ctx.t('staff-line', { id: String(m.id), role: ctx.t(`admin-role-${m.role}`), who: who(m), since: ctx.date(m.since) });
  return answer(
    ctx,
    paragraphs(
      ctx.t('staff-title', { shop: shop.name, id: String(shop.id) }),
      members.length > 0 ? members.map(line).join('\n') : ctx.t('staff-none'),
      ctx.t(footerOf(ctx, shop.slug === defaultStorefrontSlug), { shop: String(shop.id) }),
    ),
  );
}

/** What the reader of `/staff` may do next: HQ manages any shop (its own has no owner), an owner their managers. */
function footerOf(ctx: ScreenContext, hqShop: boolean): string {
  if (ctx.hq) return hqShop ? 'staff-footer-hq-own' : 'staff-footer-hq';
  return ctx.role === 'owner' ? 'staff-footer' : 'staff-footer-manager';
}

type Refusal = 'staff-revoke-unknown' | 'staff-revoke-hq' | 'staff-revoke-self' | 'staff-revoke-owner' | 'staff-revoke-not-allowed';

/**
 * Who may remove whom: HQ (in the HQ bot) any storefront's owner or manager, never HQ itself
 * (that is `HQ_ADMINS`); an owner their own storefront's managers, never themselves or another
 * owner; a manager nobody. Staff of another storefront are not even confirmed to exist.
 */
function refusal(ctx: ScreenContext, member: Omit<StaffMember, 'name'> | undefined): Refusal | undefined {
  if (ctx.hq) {
    if (!member) return 'staff-revoke-unknown';
    return member.role === 'hq' ? 'staff-revoke-hq' : undefined;
  }
  if (ctx.role !== 'owner') return 'staff-revoke-not-allowed';
  if (!member || member.storefrontId !== ctx.storefront.id) return 'staff-revoke-unknown';
  if (member.channel === ctx.ref.channel && member.userId === ctx.ref.userId) return 'staff-revoke-self';
  return member.role === 'manager' ? undefined : 'staff-revoke-owner';
}

/** `/revoke <staff id>`: removes a staff member at once; their next message is a buyer's. */
export function revokeStaff(ctx: ScreenContext, args: string): Reply[] {
  const match = /^#?(\d{1,9})$/.exec(args.trim());
  if (!match) return answer(ctx, ctx.t('staff-revoke-usage'));
  const { staff, storefronts } = ctx.services;
  const member = staff.member(Number(match[1]));
  const refused = refusal(ctx, member);
  if (refused || !member) {
    ctx.logger.warn({ channel: ctx.ref.channel, reason: refused }, 'staff removal refused');
    return answer(ctx, ctx.t(refused ?? 'staff-revoke-unknown', { id: match[1]! }));
  }
  const shop = storefronts.get(member.storefrontId!) as Storefront;
  const named = staff.list(shop.id, shop.id).find((m) => m.id === member.id) ?? member;
  staff.remove(member.id);
  ctx.logger.info({ staffId: member.id, storefrontId: shop.id, role: member.role }, 'staff member removed');
  const done = ctx.t('staff-revoked', { id: String(member.id), role: ctx.t(`admin-role-${member.role}`), who: who(named), shop: shop.name });
  // An owner is replaced, not just removed: HQ is shown how to hand the storefront to the next one.
  return answer(ctx, paragraphs(done, member.role === 'owner' ? ctx.t('staff-revoked-owner-next', { shop: String(shop.id) }) : undefined));
}

import type { ScreenContext } from '../../context.js';
import { keyboard, type Reply } from '../../../shared/replies.js';
import { monthOf } from '../../../settlement/period.js';
import { button, homeButton, paragraphs } from '../common.js';

/** Staff menu of a storefront: orders, catalog, settings; franchisor staff also see franchise commands. */
export function adminMenuScreen(ctx: ScreenContext, note?: string): Reply[] {
  const markup = ctx.storefront.markupPercent;
  return [
    {
      text: paragraphs(
        note,
        ctx.t('admin-title', { shop: ctx.storefront.name, role: ctx.t(`admin-role-${ctx.role ?? 'hq'}`) }),
        ctx.t('admin-settings', {
          markup: markup === null ? ctx.t('admin-markup-recommended') : `${markup}%`,
          autoconfirm: ctx.t(ctx.storefront.autoConfirm ? 'admin-on' : 'admin-off'),
        }),
        ctx.t('admin-help'),
        ctx.t(ctx.role === 'manager' ? 'admin-help-staff-manager' : 'admin-help-staff'),
        ctx.hq && ctx.t('admin-help-hq'),
        ctx.hq && ctx.t('admin-help-hq-staff'),
      ),
      buttons: keyboard([
        [button(ctx, 'btn-admin-orders', { name: 'admin-orders', status: 0, page: 0 }), button(ctx, 'btn-admin-find', { name: 'admin-find' })],
        [button(ctx, 'btn-admin-earnings', { name: 'admin-earnings', month: monthOf(Date.now(), ctx.storefront.timeZone), csv: 0 }), homeButton(ctx)],
      ]),
    },
  ];
}

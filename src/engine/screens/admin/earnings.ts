import type { Earnings } from '../../../settlement/earnings.js';
import { networkCsv, settledOrdersCsv } from '../../../settlement/earnings-csv.js';
import { monthOf, monthPeriod, nextMonth, parseMonth, previousMonth, type MonthKey } from '../../../settlement/period.js';
import type { ScreenContext } from '../../context.js';
import { keyboard, type Reply } from '../../../shared/replies.js';
import { backButton, button, paragraphs } from '../common.js';

function monthName(ctx: ScreenContext, key: MonthKey): string {
  const { from } = monthPeriod(key, ctx.storefront.timeZone);
  return new Intl.DateTimeFormat(ctx.locale === 'ru' ? 'ru-RU' : 'en-GB', { month: 'long', year: 'numeric', timeZone: ctx.storefront.timeZone }).format(new Date(from));
}

function rate(ctx: ScreenContext, e: Earnings): string {
  return e.buyoutRate === undefined ? ctx.t('earnings-buyout-none') : ctx.t('earnings-buyout', { rate: Math.round(e.buyoutRate * 100) });
}

function storefrontText(ctx: ScreenContext, e: Earnings, key: MonthKey): string {
  return paragraphs(
    ctx.t('earnings-title', { period: monthName(ctx, key), shop: e.storefrontName }),
    [
      ctx.t('earnings-delivered', { count: e.delivered, sales: ctx.money(e.sales) }),
      ctx.t('earnings-wholesale', { amount: ctx.money(e.wholesale) }),
      ctx.t('earnings-royalty', { amount: ctx.money(e.royalty) }),
      e.returnFees > 0 && ctx.t('earnings-return-fees', { amount: ctx.money(e.returnFees) }),
      ctx.t('earnings-margin', { amount: ctx.money(e.margin - e.returnFees) }),
    ]
      .filter(Boolean)
      .join('\n'),
    [ctx.t('earnings-refused', { count: e.refused }), rate(ctx, e), ctx.t('earnings-pending', { count: e.pendingOrders, cash: ctx.money(e.pendingCash) })].join('\n'),
  );
}

function networkText(ctx: ScreenContext, rows: Earnings[], key: MonthKey): string {
  const total = rows.reduce((t, r) => ({ sales: t.sales + r.sales, wholesale: t.wholesale + r.wholesale, royalty: t.royalty + r.royalty }), { sales: 0, wholesale: 0, royalty: 0 });
  return paragraphs(
    ctx.t('earnings-network-title', { period: monthName(ctx, key) }),
    rows
      .map((r) =>
        ctx.t('earnings-network-line', {
          shop: r.storefrontName,
          count: r.delivered,
          sales: ctx.money(r.sales),
          royalty: ctx.money(r.royalty),
          rate: r.buyoutRate === undefined ? ctx.t('earnings-network-rate-none') : ctx.t('earnings-network-rate', { rate: Math.round(r.buyoutRate * 100) }),
        }),
      )
      .join('\n'),
    ctx.t('earnings-network-total', { sales: ctx.money(total.sales), wholesale: ctx.money(total.wholesale), royalty: ctx.money(total.royalty) }),
  );
}

/**
 * `/earnings [yyyy-mm] [csv]`: a month's sales, margin, buyout rate and cash on its way for the
 * storefront's staff; for franchisor staff, every storefront. `csv` sends the same as a file.
 */
export function earningsScreen(ctx: ScreenContext, month?: MonthKey, asCsv = false): Reply[] {
  const current = monthOf(Date.now(), ctx.storefront.timeZone);
  const key = month ?? current;
  const period = monthPeriod(key, ctx.storefront.timeZone);
  const csvTitle = (id: string) => ctx.t(id);
  let text: string;
  let document: Reply['document'];
  if (ctx.hq) {
    const rows = ctx.services.earnings.network(period);
    text = networkText(ctx, rows, key);
    if (asCsv) document = { filename: `sarafan-network-${key}.csv`, content: networkCsv(rows, ctx.locale, csvTitle) };
  } else {
    text = storefrontText(ctx, ctx.services.earnings.storefront(ctx.storefront.id, period), key);
    if (asCsv) document = { filename: `sarafan-${ctx.storefront.slug}-${key}.csv`, content: settledOrdersCsv(ctx.services.earnings.settledOrders(ctx.storefront.id, period), ctx.locale, csvTitle, ctx.date) };
  }
  return [
    {
      text: asCsv ? ctx.t('earnings-csv-sent', { file: document!.filename }) : text,
      document,
      buttons: keyboard([
        [
          !asCsv && button(ctx, 'btn-earnings-csv', { name: 'admin-earnings', month: key, csv: 1 }),
          button(ctx, 'btn-earnings-month', { name: 'admin-earnings', month: previousMonth(key), csv: 0 }, { period: monthName(ctx, previousMonth(key)) }),
          // Back towards today from an earlier month.
          key < current && button(ctx, 'btn-earnings-month-next', { name: 'admin-earnings', month: nextMonth(key), csv: 0 }, { period: monthName(ctx, nextMonth(key)) }),
        ],
        [backButton(ctx, { name: 'admin' })],
      ]),
    },
  ];
}

/** `/earnings` with its arguments; a period it cannot read gets examples. */
export function earningsCommand(ctx: ScreenContext, args: string): Reply[] {
  const words = args.toLowerCase().split(/\s+/).filter(Boolean);
  const asCsv = words.includes('csv');
  const rest = words.filter((w) => w !== 'csv');
  const month = rest[0] === undefined ? undefined : parseMonth(rest[0]);
  if (rest.length > 1 || (rest[0] !== undefined && month === undefined)) return [{ text: ctx.t('earnings-bad-period') }];
  return earningsScreen(ctx, month, asCsv);
}

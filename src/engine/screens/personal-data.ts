import { hasConsent, recordConsent, textVersion } from '../../buyers/consent-service.js';
import { forgetBuyer, storedData, truncateWal } from '../../buyers/personal-data.js';
import { formatPhone } from '../../shared/phone.js';
import type { ScreenContext } from '../context.js';
import type { I18n } from '../../shared/i18n.js';
import { keyboard, type Reply } from '../../shared/replies.js';
import { button, cartButton, homeButton, paragraphs } from './common.js';

const versions = new WeakMap<I18n, string>();

/** The version of the personal-data notice as the locales word it now (see textVersion). */
export function noticeVersion(i18n: I18n): string {
  let version = versions.get(i18n);
  if (!version) {
    version = textVersion([i18n.t('ru', 'pd-notice'), i18n.t('en', 'pd-notice')]);
    versions.set(i18n, version);
  }
  return version;
}

/** True while the buyer has not agreed to the current personal-data notice: checkout asks nothing personal before. */
export function needsConsent(ctx: ScreenContext): boolean {
  return !hasConsent(ctx.services.db, ctx.buyer.id, 'personal-data', noticeVersion(ctx.i18n));
}

/** The notice (what is collected, why, who sees it, how to erase it) with one tap to agree. */
export function consentScreen(ctx: ScreenContext): Reply[] {
  ctx.state.awaiting = false;
  return [
    {
      text: ctx.t('pd-notice'),
      buttons: keyboard([[button(ctx, 'btn-pd-agree', { name: 'pd-agree' })], [button(ctx, 'btn-pd-decline', { name: 'pd-decline' })]]),
    },
  ];
}

/** "I agree": records the consent to this version of the notice, then the checkout goes on. */
export function agreeToNotice(ctx: ScreenContext, next: (ctx: ScreenContext) => Reply[]): Reply[] {
  recordConsent(ctx.services.db, {
    storefrontId: ctx.storefront.id,
    buyerId: ctx.buyer.id,
    kind: 'personal-data',
    channel: ctx.ref.channel,
    textVersion: noticeVersion(ctx.i18n),
    source: 'checkout',
  });
  return [{ text: ctx.t('pd-agreed') }, ...next(ctx)];
}

/** "Not now": no order without consent, but the cart stays and agreeing is one tap away. */
export function declineNotice(ctx: ScreenContext): Reply[] {
  ctx.state.awaiting = false;
  return [
    {
      text: ctx.t('pd-declined'),
      buttons: keyboard([[button(ctx, 'btn-pd-agree', { name: 'pd-agree' })], [cartButton(ctx), homeButton(ctx)]]),
    },
  ];
}

/** /mydata: everything stored about the buyer in this storefront, in their language. */
export function myDataScreen(ctx: ScreenContext): Reply[] {
  ctx.state.awaiting = false;
  const data = storedData(ctx.services.db, ctx.buyer.id);
  if (!data) return [{ text: ctx.t('mydata-delivery-none'), buttons: keyboard([[homeButton(ctx)]]) }];
  const { buyer } = data;
  const delivery =
    buyer.deliveryName && buyer.deliveryPhone && buyer.deliveryCity && buyer.deliveryAddress
      ? ctx.t('mydata-delivery', { name: buyer.deliveryName, phone: formatPhone(buyer.deliveryPhone), city: buyer.deliveryCity, address: buyer.deliveryAddress })
      : ctx.t('mydata-delivery-none');
  const consents = data.consents.length
    ? [
        ctx.t('mydata-consents-title'),
        ...data.consents.map((c) => {
          const args = { kind: ctx.t(`mydata-kind-${c.kind}`), date: ctx.date(c.givenAt), source: sourceText(ctx, c.source), version: c.textVersion };
          return c.withdrawnAt === null ? ctx.t('mydata-consent', args) : ctx.t('mydata-consent-withdrawn', { ...args, withdrawn: ctx.date(c.withdrawnAt) });
        }),
      ].join('\n')
    : ctx.t('mydata-consents-none');
  const orders = data.orders.length
    ? [
        ctx.t('mydata-orders-title'),
        ...data.orders.map((o) => {
          const head = { number: String(o.number), date: ctx.date(o.createdAt), status: ctx.t(`order-status-${o.status}`), total: ctx.money(o.total) };
          if (o.personalDataErasedAt !== null) return ctx.t('mydata-order-erased', head);
          const line = ctx.t('mydata-order', { ...head, name: o.deliveryName, phone: formatPhone(o.deliveryPhone), city: o.deliveryCity, address: o.deliveryAddress });
          return o.comment ? `${line}\n${ctx.t('mydata-order-comment', { comment: o.comment })}` : line;
        }),
      ].join('\n\n')
    : ctx.t('mydata-orders-none');
  const questions = data.openQuestions.lastAskedAt
    ? ctx.t('mydata-questions', { count: data.openQuestions.count, date: ctx.date(data.openQuestions.lastAskedAt) })
    : ctx.t('mydata-questions-none');
  const text = paragraphs(
    ctx.t('mydata-title', { shop: ctx.storefront.name }),
    [buyer.profileName ? ctx.t('mydata-profile', { name: buyer.profileName }) : ctx.t('mydata-profile-none'), ctx.t('mydata-locale', { locale: buyer.locale })].join('\n'),
    delivery,
    consents,
    orders,
    questions,
    ctx.t('mydata-footer'),
  );
  return [{ text, buttons: keyboard([[homeButton(ctx)]]) }];
}

function sourceText(ctx: ScreenContext, source: string): string {
  return source === 'checkout' ? ctx.t('mydata-source-checkout') : source;
}

/** /forget: what will be erased, and a button to confirm. */
export function askForgetScreen(ctx: ScreenContext): Reply[] {
  ctx.state.awaiting = false;
  return [
    {
      text: ctx.t('forget-ask', { shop: ctx.storefront.name }),
      buttons: keyboard([[button(ctx, 'btn-forget-yes', { name: 'forget-yes' })], [homeButton(ctx)]]),
    },
  ];
}

/**
 * Confirmed /forget: erases the buyer's personal data (see forgetBuyer), forgets the dialogue,
 * says which open orders keep their details until they finish, and once the erasure is
 * committed, truncates the write-ahead log so the old bytes leave it too.
 */
export function forgetScreen(ctx: ScreenContext): Reply[] {
  const result = forgetBuyer(ctx.services.db, ctx.buyer.id);
  // The engine saves the dialogue after the event: nothing of it (a draft, a search) may come back.
  for (const key of Object.keys(ctx.state)) delete ctx.state[key as keyof typeof ctx.state];
  const db = ctx.services.db;
  const logger = ctx.logger;
  ctx.background.push(async () => {
    // Busy all along (a long search): the periodic checkpoints restart the log later.
    if (!(await truncateWal(db))) logger.warn('write-ahead log not truncated after an erasure; it is restarted by the next checkpoints');
    return undefined;
  });
  const open = result.openOrders.join(', ');
  return [
    {
      text: paragraphs(ctx.t('forget-done'), result.openOrders.length > 0 && ctx.t('forget-open-orders', { orders: open, count: result.openOrders.length })),
      buttons: keyboard([[homeButton(ctx)]]),
    },
  ];
}

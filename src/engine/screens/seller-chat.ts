import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { buyers, orders } from '../../db/schema.js';
import { staffContacts } from '../../franchise/staff-service.js';
import { recordAnswer, recordQuestion, takeOverdueQuestions } from '../../franchise/seller-chat.js';
import { formatMoney } from '../../shared/money.js';
import { encodeAction } from '../actions.js';
import type { Notification, ScreenContext } from '../context.js';
import type { I18n } from '../i18n.js';
import { fitLabel, keyboard, type Reply } from '../replies.js';
import { button, homeButton, paragraphs } from './common.js';
import { cartTotals } from './cart.js';

const endButton = (ctx: ScreenContext) => button(ctx, 'btn-ask-end', { name: 'ask-end' });

/** "Ask the seller": from now on the buyer's messages go to the storefront's staff. */
export function askSellerScreen(ctx: ScreenContext): Reply[] {
  ctx.state.askingSeller = true;
  return [{ text: ctx.t('ask-prompt', { shop: ctx.storefront.name }), buttons: keyboard([[endButton(ctx), homeButton(ctx)]]) }];
}

/** Ends the conversation mode; typing searches again. */
export function endAskScreen(ctx: ScreenContext): Reply[] {
  delete ctx.state.askingSeller;
  return [{ text: ctx.t('ask-ended'), buttons: keyboard([[button(ctx, 'btn-catalog', { name: 'category', id: 0, page: 0 }), homeButton(ctx)]]) }];
}

/** Passes a buyer's message to the staff with who they are, their cart and last order. */
export function forwardToSeller(ctx: ScreenContext, text: string): Reply[] {
  const { db } = ctx.services;
  const message = [...text.trim()].slice(0, 3000).join('');
  recordQuestion(db, ctx.storefront.id, ctx.buyer.id);
  const lines = ctx.services.cart.lines(ctx.storefront.id, ctx.buyer.id);
  const cart = cartTotals(lines);
  const lastOrder = db
    .select()
    .from(orders)
    .where(and(eq(orders.storefrontId, ctx.storefront.id), eq(orders.buyerId, ctx.buyer.id)))
    .orderBy(desc(orders.id))
    .get();
  const contacts = staffContacts(db, ctx.storefront.id);
  if (contacts.length === 0) ctx.logger.warn({ storefrontId: ctx.storefront.id }, 'a buyer asked the seller, but no staff can be reached');
  for (const contact of contacts) {
    const t = (id: string, args?: Record<string, string | number>) => ctx.i18n.t(contact.locale, id, args);
    ctx.outbox.push({
      target: { storefrontId: ctx.storefront.id, channel: contact.channel, chatId: contact.chatId },
      replies: [
        {
          text: paragraphs(
            t('ask-to-staff', {
              name: ctx.profileName ?? ctx.buyer.deliveryName ?? ctx.buyer.userId,
              channel: t(`admin-channel-${ctx.buyer.channel}`),
              text: message,
            }),
            cart.count > 0 &&
              t('ask-context-cart', {
                items: lines.map((l) => `${l.name}${l.size ? ` ${l.size}` : ''} ×${l.quantity}`).join(', '),
                total: formatMoney(cart.total, contact.locale),
              }),
            lastOrder && t('ask-context-order', { number: String(lastOrder.number), status: t(`admin-status-${lastOrder.status}`) }),
          ),
          buttons: keyboard([
            [
              { label: fitLabel(t('btn-admin-reply')), action: encodeAction({ name: 'admin-reply', buyerId: ctx.buyer.id }) },
              lastOrder && { label: fitLabel(t('btn-admin-open-order')), action: encodeAction({ name: 'admin-order', id: lastOrder.id }) },
            ],
          ]),
        },
      ],
    });
  }
  return [{ text: ctx.t('ask-sent'), buttons: keyboard([[endButton(ctx), homeButton(ctx)]]) }];
}

/** Staff pressed "reply": the next text they type goes to that buyer (of this storefront only). */
export function startReply(ctx: ScreenContext, buyerId: number): Reply[] {
  const buyer = ctx.services.db.select().from(buyers).where(and(eq(buyers.id, buyerId), eq(buyers.storefrontId, ctx.storefront.id))).get();
  if (!buyer) return [{ text: ctx.t('stale-button'), buttons: keyboard([[homeButton(ctx)]]) }];
  ctx.state.replyTo = buyerId;
  return [{ text: ctx.t('reply-prompt', { name: buyer.profileName ?? buyer.deliveryName ?? buyer.userId }), buttons: keyboard([[button(ctx, 'btn-admin-reply-cancel', { name: 'admin' })]]) }];
}

/** Sends a staff answer to the buyer, in the buyer's messenger and language. */
export function sendReply(ctx: ScreenContext, buyerId: number, text: string): Reply[] {
  delete ctx.state.replyTo;
  const { db } = ctx.services;
  const buyer = db.select().from(buyers).where(and(eq(buyers.id, buyerId), eq(buyers.storefrontId, ctx.storefront.id))).get();
  if (!buyer) return [{ text: ctx.t('stale-button'), buttons: keyboard([[homeButton(ctx)]]) }];
  const t = (id: string, args?: Record<string, string>) => ctx.i18n.t(buyer.locale, id, args);
  ctx.outbox.push({
    target: { storefrontId: ctx.storefront.id, channel: buyer.channel, chatId: buyer.chatId },
    replies: [
      {
        text: t('seller-says', { shop: ctx.storefront.name, text: [...text.trim()].slice(0, 3000).join('') }),
        buttons: keyboard([
          [
            { label: fitLabel(t('btn-ask-again')), action: encodeAction({ name: 'ask' }) },
            { label: fitLabel(t('btn-home')), action: encodeAction({ name: 'home' }) },
          ],
        ]),
      },
    ],
  });
  const took = recordAnswer(db, ctx.storefront.id, buyerId);
  ctx.logger.info({ storefrontId: ctx.storefront.id, firstAnswerMs: took }, 'seller answered a buyer');
  return [
    {
      text: paragraphs(ctx.t('reply-sent'), took !== undefined && ctx.t('reply-time', { minutes: String(Math.max(1, Math.round(took / 60_000))) })),
      buttons: keyboard([[button(ctx, 'btn-admin-reply', { name: 'admin-reply', buyerId }), homeButton(ctx)]]),
    },
  ];
}

/** Reminders to staff of questions that have waited longer than `minutes`. */
export function overdueReminders(db: Db, i18n: I18n, minutes: number, now = Date.now()): Notification[] {
  return takeOverdueQuestions(db, minutes, now).flatMap((q) =>
    staffContacts(db, q.storefrontId).map((contact) => ({
      target: { storefrontId: q.storefrontId, channel: contact.channel, chatId: contact.chatId },
      replies: [
        {
          text: i18n.t(contact.locale, 'ask-reminder', { name: q.buyerName, minutes: String(q.waitedMinutes) }),
          buttons: keyboard([[{ label: fitLabel(i18n.t(contact.locale, 'btn-admin-reply')), action: encodeAction({ name: 'admin-reply', buyerId: q.buyerId }) }]]),
        },
      ],
    })),
  );
}

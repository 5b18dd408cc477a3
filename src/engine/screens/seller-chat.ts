import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { buyers } from '../../db/schema.js';
import { recordAnswer, recordQuestion } from '../../franchise/seller-chat.js';
import type { ScreenContext } from '../context.js';
import { keyboard, type Reply } from '../../shared/replies.js';
import { enqueueQuestion, enqueueReply } from '../seller-messages.js';
import { button, homeButton, paragraphs } from './common.js';

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

/**
 * Passes a buyer's message to each staff member (one outbox row each, written with the event); the
 * message shows who they are, their cart and last order as they are when it is delivered.
 */
export function forwardToSeller(ctx: ScreenContext, text: string): Reply[] {
  const { db } = ctx.services;
  const message = [...text.trim()].slice(0, 3000).join('');
  const askedAt = Date.now();
  const questionId = recordQuestion(db, ctx.storefront.id, ctx.buyer.id, askedAt);
  const written = enqueueQuestion(db, {
    storefrontId: ctx.storefront.id,
    buyerId: ctx.buyer.id,
    text: message,
    questionId,
    askedAt,
    key: randomUUID(),
    reminderMinutes: ctx.replyReminderMinutes,
  });
  if (written === 0) ctx.logger.warn({ storefrontId: ctx.storefront.id }, 'a buyer asked the seller, but no staff can be reached');
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
  enqueueReply(db, { storefrontId: ctx.storefront.id, buyer, text: [...text.trim()].slice(0, 3000).join(''), key: randomUUID() });
  const took = recordAnswer(db, ctx.storefront.id, buyerId);
  ctx.logger.info({ storefrontId: ctx.storefront.id, firstAnswerMs: took }, 'seller answered a buyer');
  return [
    {
      text: paragraphs(ctx.t('reply-sent'), took !== undefined && ctx.t('reply-time', { minutes: String(Math.max(1, Math.round(took / 60_000))) })),
      buttons: keyboard([[button(ctx, 'btn-admin-reply', { name: 'admin-reply', buyerId }), homeButton(ctx)]]),
    },
  ];
}

import { and, desc, eq } from 'drizzle-orm';
import type { CartService } from '../cart/cart-service.js';
import type { Db } from '../db/client.js';
import { buyers, orders, sellerQuestions, storefronts } from '../db/schema.js';
import type { Notifier } from '../outbox/notifier.js';
import { enqueue, type DbOrTx } from '../outbox/outbox.js';
import type { DeliveryHandler } from '../outbox/outbox-worker.js';
import { parseRecipient } from '../outbox/recipient.js';
import { enqueueForStaff } from '../outbox/to-staff.js';
import { formatMoney, type Locale } from '../shared/money.js';
import { encodeAction } from './actions.js';
import type { I18n } from '../shared/i18n.js';
import { fitLabel, keyboard, type Reply } from '../shared/replies.js';
import { paragraphs } from './screens/common.js';
import { cartTotals } from './screens/cart.js';

/** What the seller chat's deliveries need. */
export interface SellerMessagesDeps {
  db: Db;
  i18n: I18n;
  cart: CartService;
  notify: Notifier;
  now?: () => number;
}

/** The payload of a `seller-question` row: who asked and their words (emptied once delivered). */
export interface SellerQuestionPayload {
  buyerId: number;
  text: string;
  locale?: Locale;
}

/** The payload of a `seller-reply` row: the staff's words to the buyer (emptied once delivered). */
export interface SellerReplyPayload {
  buyerId: number;
  text: string;
}

/** The payload of a `reply-reminder` row. */
export interface ReplyReminderPayload {
  questionId: number;
  locale?: Locale;
}

const buyerName = (b: { profileName: string | null; deliveryName: string | null; userId: string }) => b.profileName ?? b.deliveryName ?? b.userId;

/**
 * Writes a buyer's message to each staff member, and, for a new question, a reminder to each
 * that falls due after `reminderMinutes` (dropped at delivery if the question was answered).
 */
export function enqueueQuestion(db: DbOrTx, q: { storefrontId: number; buyerId: number; text: string; questionId?: number; askedAt: number; key: string; reminderMinutes: number }): number {
  const written = enqueueForStaff(db, { kind: 'seller-question', key: `seller-question:${q.key}`, storefrontId: q.storefrontId, payload: { buyerId: q.buyerId, text: q.text } });
  if (q.questionId !== undefined) {
    enqueueForStaff(db, {
      kind: 'reply-reminder',
      key: `reply-reminder:${q.questionId}`,
      storefrontId: q.storefrontId,
      payload: { questionId: q.questionId },
      dueAt: q.askedAt + q.reminderMinutes * 60_000,
    });
  }
  return written;
}

/** Writes the seller's answer to the buyer: it answers them, so quiet hours do not hold it. */
export function enqueueReply(db: DbOrTx, reply: { storefrontId: number; buyer: { id: number; channel: typeof buyers.$inferSelect.channel; chatId: string }; text: string; key: string }): void {
  const payload: SellerReplyPayload = { buyerId: reply.buyer.id, text: reply.text };
  enqueue(db, {
    kind: 'seller-reply',
    key: `seller-reply:${reply.key}`,
    storefrontId: reply.storefrontId,
    to: { storefrontId: reply.storefrontId, channel: reply.buyer.channel, chatId: reply.buyer.chatId },
    payload,
  });
}

function questionMessage(deps: SellerMessagesDeps, storefrontId: number, buyer: typeof buyers.$inferSelect, text: string, locale: Locale): Reply {
  const t = (id: string, args?: Record<string, string | number>) => deps.i18n.t(locale, id, args);
  const lines = deps.cart.lines(storefrontId, buyer.id);
  const cart = cartTotals(lines);
  const lastOrder = deps.db
    .select()
    .from(orders)
    .where(and(eq(orders.storefrontId, storefrontId), eq(orders.buyerId, buyer.id)))
    .orderBy(desc(orders.id))
    .get();
  return {
    text: paragraphs(
      t('ask-to-staff', { name: buyerName(buyer), channel: t(`admin-channel-${buyer.channel}`), text }),
      cart.count > 0 &&
        t('ask-context-cart', {
          items: lines.map((l) => `${l.name}${l.size ? ` ${l.size}` : ''} ×${l.quantity}`).join(', '),
          total: formatMoney(cart.total, locale),
        }),
      lastOrder && t('ask-context-order', { number: String(lastOrder.number), status: t(`admin-status-${lastOrder.status}`) }),
    ),
    buttons: keyboard([
      [
        { label: fitLabel(t('btn-admin-reply')), action: encodeAction({ name: 'admin-reply', buyerId: buyer.id }) },
        lastOrder && { label: fitLabel(t('btn-admin-open-order')), action: encodeAction({ name: 'admin-order', id: lastOrder.id }) },
      ],
    ]),
  };
}

/** The outbox handlers of the seller chat: a question to one staff member, a reply to the buyer, a reminder. */
export function createSellerMessageHandlers(deps: SellerMessagesDeps): Record<'seller-question' | 'seller-reply' | 'reply-reminder', DeliveryHandler> {
  const { db, i18n } = deps;
  const now = deps.now ?? Date.now;
  const buyerOf = (id: number) => db.select().from(buyers).where(eq(buyers.id, id)).get();
  return {
    async 'seller-question'(row) {
      const { buyerId, text, locale } = JSON.parse(row.payload) as SellerQuestionPayload;
      const buyer = buyerOf(buyerId);
      if (!buyer || row.recipient === null || row.storefrontId === null) return { outcome: 'failed', error: 'buyer or recipient not found' };
      await deps.notify({ target: parseRecipient(row.recipient), replies: [questionMessage(deps, row.storefrontId, buyer, text, locale ?? 'ru')] });
      return { outcome: 'done', redact: true };
    },
    async 'seller-reply'(row) {
      const { buyerId, text } = JSON.parse(row.payload) as SellerReplyPayload;
      const buyer = buyerOf(buyerId);
      if (!buyer || row.recipient === null) return { outcome: 'failed', error: 'buyer or recipient not found' };
      if (buyer.unreachableAt) return { outcome: 'done', note: 'buyer unreachable', redact: true };
      const shop = db.select({ name: storefronts.name }).from(storefronts).where(eq(storefronts.id, buyer.storefrontId)).get()?.name ?? '';
      const t = (id: string, args?: Record<string, string>) => i18n.t(buyer.locale, id, args);
      await deps.notify({
        target: parseRecipient(row.recipient),
        replies: [
          {
            text: t('seller-says', { shop, text }),
            buttons: keyboard([
              [
                { label: fitLabel(t('btn-ask-again')), action: encodeAction({ name: 'ask' }) },
                { label: fitLabel(t('btn-home')), action: encodeAction({ name: 'home' }) },
              ],
            ]),
          },
        ],
      });
      return { outcome: 'done', redact: true };
    },
    async 'reply-reminder'(row) {
      const { questionId, locale } = JSON.parse(row.payload) as ReplyReminderPayload;
      const question = db.select().from(sellerQuestions).where(eq(sellerQuestions.id, questionId)).get();
      if (!question || row.recipient === null) return { outcome: 'failed', error: 'question or recipient not found' };
      if (question.answeredAt !== null) return { outcome: 'done', note: 'answered in time' };
      const buyer = buyerOf(question.buyerId);
      if (!buyer) return { outcome: 'failed', error: 'buyer not found' };
      const lang = locale ?? 'ru';
      const minutes = String(Math.floor((now() - question.askedAt) / 60_000));
      await deps.notify({
        target: parseRecipient(row.recipient),
        replies: [
          {
            text: i18n.t(lang, 'ask-reminder', { name: buyerName(buyer), minutes }),
            buttons: keyboard([[{ label: fitLabel(i18n.t(lang, 'btn-admin-reply')), action: encodeAction({ name: 'admin-reply', buyerId: buyer.id }) }]]),
          },
        ],
      });
      db.update(sellerQuestions).set({ remindedAt: now() }).where(eq(sellerQuestions.id, questionId)).run();
      return { outcome: 'done' };
    },
  };
}

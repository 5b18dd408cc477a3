import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { preparedOnce } from '../db/prepared.js';
import { buyers } from '../db/schema.js';
import type { ConversationRef } from '../shared/conversation.js';
import type { Locale } from '../shared/money.js';

/** A buyer row. */
export type Buyer = typeof buyers.$inferSelect;

/** Where an order goes and who receives it. */
export interface DeliveryDetails {
  name: string;
  /** E.164. */
  phone: string;
  city: string;
  address: string;
}

function accountOf(ref: ConversationRef) {
  return and(eq(buyers.storefrontId, ref.storefrontId), eq(buyers.channel, ref.channel), eq(buyers.userId, ref.userId));
}

/** Records that the messenger refused a message to this buyer; later notifications skip them. */
export function markUnreachable(db: Db, ref: ConversationRef, at: number = Date.now()): void {
  db.update(buyers).set({ unreachableAt: at }).where(accountOf(ref)).run();
}

const buyerByAccount = preparedOnce((db) =>
  db
    .select()
    .from(buyers)
    .where(and(eq(buyers.storefrontId, sql.placeholder('storefrontId')), eq(buyers.channel, sql.placeholder('channel')), eq(buyers.userId, sql.placeholder('userId'))))
    .prepare(),
);

const insertBuyer = preparedOnce((db) => {
  const p = sql.placeholder;
  return db
    .insert(buyers)
    .values({ storefrontId: p('storefrontId'), channel: p('channel'), userId: p('userId'), chatId: p('chatId'), locale: p('locale'), profileName: p('profileName') })
    .returning()
    .prepare();
});

/**
 * Finds or creates the buyer behind a conversation, refreshing their language (when the event
 * tells it; Russian for a newcomer otherwise), name and chat.
 */
export function ensureBuyer(db: Db, ref: ConversationRef, localeHint: Locale | undefined, profileName?: string): Buyer {
  const existing = buyerByAccount(db).get({ storefrontId: ref.storefrontId, channel: ref.channel, userId: ref.userId });
  if (!existing) {
    return insertBuyer(db).get({
      storefrontId: ref.storefrontId,
      channel: ref.channel,
      userId: ref.userId,
      chatId: ref.chatId,
      locale: localeHint ?? 'ru',
      profileName: profileName ?? null,
    })!;
  }
  // Asked to be forgotten: the messenger name is not stored again (checkout still offers it from the event).
  const name = existing.forgetRequestedAt === null ? (profileName ?? existing.profileName) : existing.profileName;
  const locale = localeHint ?? existing.locale;
  const unchanged =
    existing.locale === locale && existing.chatId === ref.chatId && existing.profileName === name && existing.unreachableAt === null;
  if (unchanged) return existing;
  // Writing to us again means they can be reached again.
  return db
    .update(buyers)
    .set({ locale, chatId: ref.chatId, profileName: name, unreachableAt: null })
    .where(eq(buyers.id, existing.id))
    .returning()
    .get();
}

/** The delivery details of the buyer's last order, if complete. */
export function savedDelivery(buyer: Buyer): DeliveryDetails | undefined {
  const { deliveryName: name, deliveryPhone: phone, deliveryCity: city, deliveryAddress: address } = buyer;
  return name && phone && city && address ? { name, phone, city, address } : undefined;
}

/** The buyer behind a conversation, if they wrote before; reads only. */
export function findBuyer(db: Db, ref: ConversationRef): Buyer | undefined {
  return buyerByAccount(db).get({ storefrontId: ref.storefrontId, channel: ref.channel, userId: ref.userId });
}

import type { Db } from '../db/client.js';
import type { OutboxKind } from '../db/schema.js';
import { staffContacts } from '../franchise/staff-service.js';
import type { Locale } from '../shared/money.js';
import { enqueue, type DbOrTx } from './outbox.js';
import { recipientKey } from './recipient.js';

/** A message to every staff member of a storefront who can be reached: one outbox row each. */
export interface StaffMessage {
  kind: OutboxKind;
  /** Unique per message; the recipient is added to it, so each row has its own key. */
  key: string;
  storefrontId: number;
  orderId?: number;
  /** Ids, not texts: the message is written at delivery time, in `locale`, from the database. */
  payload?: Record<string, unknown>;
  dueAt?: number;
}

/**
 * Writes one row per staff contact of the storefront (and of the franchisor for its own), in the
 * caller's transaction. Each is delivered and retried on its own: one staff member's failing chat
 * never re-sends to the others. Returns how many rows were written.
 */
export function enqueueForStaff(db: DbOrTx, message: StaffMessage, now = Date.now()): number {
  // The same connection as the caller's transaction (better-sqlite3 is synchronous): the contacts are read inside it.
  const contacts = staffContacts(db as Db, message.storefrontId);
  let written = 0;
  for (const contact of contacts) {
    const to = { storefrontId: message.storefrontId, channel: contact.channel, chatId: contact.chatId };
    const payload: Record<string, unknown> & { locale: Locale } = { ...message.payload, locale: contact.locale };
    const fresh = enqueue(db, { kind: message.kind, key: `${message.key}:${recipientKey(to)}`, storefrontId: message.storefrontId, orderId: message.orderId, payload, dueAt: message.dueAt, to }, now);
    if (fresh) written++;
  }
  return written;
}

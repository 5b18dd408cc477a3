import { createHash } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { consents, type ConsentKind } from '../db/schema.js';
import type { Channel } from '../shared/conversation.js';

/** A consent row. */
export type Consent = typeof consents.$inferSelect;

/**
 * The version of a notice's text: a short hash of its wording in every language, so the
 * franchisor editing the locale message makes every buyer agree again to the new text.
 */
export function textVersion(texts: readonly string[]): string {
  return createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 16);
}

/** True when the buyer agreed to this version of the notice and has not withdrawn since. */
export function hasConsent(db: Db, buyerId: number, kind: ConsentKind, version: string): boolean {
  const row = db
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.buyerId, buyerId), eq(consents.kind, kind), eq(consents.textVersion, version), isNull(consents.withdrawnAt)))
    .get();
  return row !== undefined;
}

/** What a new consent records. */
export interface ConsentInput {
  storefrontId: number;
  buyerId: number;
  kind: ConsentKind;
  channel: Channel;
  textVersion: string;
  /** Where it was asked, e.g. `checkout`. */
  source: string;
  at?: number;
}

/** Records an agreement; agreeing again to the version already held records nothing. */
export function recordConsent(db: Db, input: ConsentInput): void {
  if (hasConsent(db, input.buyerId, input.kind, input.textVersion)) return;
  const { at = Date.now(), ...rest } = input;
  db.insert(consents).values({ ...rest, givenAt: at }).run();
}

/** Withdraws the buyer's standing consents of a kind (the rows stay as evidence of what was given when). */
export function withdrawConsent(db: Db, buyerId: number, kind: ConsentKind, at = Date.now()): void {
  db.update(consents).set({ withdrawnAt: at }).where(and(eq(consents.buyerId, buyerId), eq(consents.kind, kind), isNull(consents.withdrawnAt))).run();
}

/** Every consent of the buyer, newest first (for /mydata). */
export function consentsOf(db: Db, buyerId: number): Consent[] {
  return db.select().from(consents).where(eq(consents.buyerId, buyerId)).orderBy(desc(consents.givenAt), desc(consents.id)).all();
}

import { and, eq, isNull, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { buyers, sellerQuestions } from '../db/schema.js';

/** Records a buyer's question, unless one of theirs is still waiting for an answer. */
export function recordQuestion(db: Db, storefrontId: number, buyerId: number, now = Date.now()): void {
  const open = db
    .select({ id: sellerQuestions.id })
    .from(sellerQuestions)
    .where(and(eq(sellerQuestions.storefrontId, storefrontId), eq(sellerQuestions.buyerId, buyerId), isNull(sellerQuestions.answeredAt)))
    .get();
  if (!open) db.insert(sellerQuestions).values({ storefrontId, buyerId, askedAt: now }).run();
}

/** Marks a buyer's waiting questions answered; returns how long the first answer took (ms), if any was waiting. */
export function recordAnswer(db: Db, storefrontId: number, buyerId: number, now = Date.now()): number | undefined {
  const open = db
    .select()
    .from(sellerQuestions)
    .where(and(eq(sellerQuestions.storefrontId, storefrontId), eq(sellerQuestions.buyerId, buyerId), isNull(sellerQuestions.answeredAt)))
    .get();
  if (!open) return undefined;
  db.update(sellerQuestions).set({ answeredAt: now }).where(eq(sellerQuestions.id, open.id)).run();
  return now - open.askedAt;
}

/** A question that has waited too long, with who asked. */
export interface WaitingQuestion {
  storefrontId: number;
  buyerId: number;
  buyerName: string;
  waitedMinutes: number;
}

/**
 * Questions unanswered for longer than `minutes` that staff were not yet reminded of; marks them
 * reminded, so each question gives one reminder.
 */
export function takeOverdueQuestions(db: Db, minutes: number, now = Date.now()): WaitingQuestion[] {
  const rows = db
    .select({ id: sellerQuestions.id, storefrontId: sellerQuestions.storefrontId, buyerId: sellerQuestions.buyerId, askedAt: sellerQuestions.askedAt, name: buyers.deliveryName, profile: buyers.profileName, userId: buyers.userId })
    .from(sellerQuestions)
    .innerJoin(buyers, eq(buyers.id, sellerQuestions.buyerId))
    .where(and(isNull(sellerQuestions.answeredAt), isNull(sellerQuestions.remindedAt), lt(sellerQuestions.askedAt, now - minutes * 60_000)))
    .all();
  for (const row of rows) db.update(sellerQuestions).set({ remindedAt: now }).where(eq(sellerQuestions.id, row.id)).run();
  return rows.map((r) => ({
    storefrontId: r.storefrontId,
    buyerId: r.buyerId,
    buyerName: r.profile ?? r.name ?? r.userId,
    waitedMinutes: Math.floor((now - r.askedAt) / 60_000),
  }));
}

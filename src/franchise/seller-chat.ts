import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sellerQuestions } from '../db/schema.js';

/** Records a buyer's question, unless one of theirs is still waiting for an answer; returns the new question's id. */
export function recordQuestion(db: Db, storefrontId: number, buyerId: number, now = Date.now()): number | undefined {
  const open = db
    .select({ id: sellerQuestions.id })
    .from(sellerQuestions)
    .where(and(eq(sellerQuestions.storefrontId, storefrontId), eq(sellerQuestions.buyerId, buyerId), isNull(sellerQuestions.answeredAt)))
    .get();
  if (open) return undefined;
  return db.insert(sellerQuestions).values({ storefrontId, buyerId, askedAt: now }).returning({ id: sellerQuestions.id }).get().id;
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

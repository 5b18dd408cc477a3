import { and, desc, eq, inArray, isNull, lte, notInArray, notLike, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { buyers, dialogues, orderHistory, orders, outbox, sellerQuestions, type OrderStatus } from '../db/schema.js';
import { consentsOf, withdrawConsent, type Consent } from './consent-service.js';

/**
 * What replaces an erased name, phone, city, address or comment: the row stays for accounting.
 * A dash reads the same in every language and cannot be a real answer (checkout wants letters or
 * digits); /mydata and order histories say "erased" in the reader's language.
 */
export const erasedMarker = '—';

/** Statuses after which an order needs no delivery details any more. */
// A refused parcel needs no recipient any more (it goes back to the warehouse, not to the buyer).
export const finishedStatuses: readonly OrderStatus[] = ['delivered', 'refused', 'returned', 'cancelled'];

/** History notes that are the system's own codes, never a person's words: kept (see history-notes.ts). */
const machineNotes = ['skipped', 'resent', 'cancel_too_late', erasedMarker];

/** A database or a transaction on it: erasure runs inside status changes too. */
type Writer = Pick<Db, 'select' | 'update' | 'delete'>;

/**
 * Erases the personal data of finished orders: the recipient's name, phone, city, address and
 * comment on the order, free-text notes of its history, and what delivered outbox rows of it
 * carried. Items, amounts, statuses and dates stay for accounting.
 */
export function eraseOrders(db: Writer, orderIds: number[], at = Date.now()): void {
  if (orderIds.length === 0) return;
  db.update(orders)
    .set({
      deliveryName: erasedMarker,
      deliveryPhone: erasedMarker,
      deliveryCity: erasedMarker,
      deliveryAddress: erasedMarker,
      comment: sql`case when ${orders.comment} is null then null else ${erasedMarker} end`,
      personalDataErasedAt: at,
    })
    .where(inArray(orders.id, orderIds))
    .run();
  db.update(orderHistory)
    .set({ note: erasedMarker })
    .where(
      and(
        inArray(orderHistory.orderId, orderIds),
        notInArray(orderHistory.note, machineNotes),
        notLike(orderHistory.note, 'out_of_stock:%'),
        notLike(orderHistory.note, 'swap:%'),
      ),
    )
    .run();
  // Rows still to be delivered keep what they need; delivered or given-up ones need nothing.
  db.update(outbox)
    .set({ payload: '{}', lastError: null })
    .where(and(inArray(outbox.orderId, orderIds), inArray(outbox.status, ['done', 'failed'])))
    .run();
}

/**
 * Erases an order's personal data when it reaches a final status and its buyer asked to be
 * forgotten after placing it. Called inside the status change's transaction.
 */
export function eraseIfForgotten(db: Writer, order: { id: number; buyerId: number; status: OrderStatus; createdAt: number }, at = Date.now()): void {
  if (!finishedStatuses.includes(order.status)) return;
  const buyer = db.select({ forgetRequestedAt: buyers.forgetRequestedAt }).from(buyers).where(eq(buyers.id, order.buyerId)).get();
  if (buyer?.forgetRequestedAt != null && order.createdAt <= buyer.forgetRequestedAt) eraseOrders(db, [order.id], at);
}

/** What /forget did: how many finished orders lost their personal data, and the open ones that keep it until they finish. */
export interface ForgetResult {
  erasedOrders: number;
  /** Numbers of the orders still on their way: erased when each finishes. */
  openOrders: number[];
}

/**
 * Erases a buyer's personal data in one storefront (/forget): messenger name, saved delivery
 * details, dialogue state (checkout drafts, last search), questions to the seller, the personal
 * data of finished orders and of delivered messages about them; withdraws the personal-data
 * consent. Open orders keep what delivery needs and are erased as each one finishes.
 */
export function forgetBuyer(db: Writer, buyerId: number, at = Date.now()): ForgetResult {
  db.update(buyers)
    .set({ profileName: null, deliveryName: null, deliveryPhone: null, deliveryCity: null, deliveryAddress: null, forgetRequestedAt: at })
    .where(eq(buyers.id, buyerId))
    .run();
  db.delete(dialogues).where(eq(dialogues.buyerId, buyerId)).run();
  db.delete(sellerQuestions).where(eq(sellerQuestions.buyerId, buyerId)).run();
  withdrawConsent(db as Db, buyerId, 'personal-data', at);
  const mine = db.select({ id: orders.id, number: orders.number, status: orders.status, erased: orders.personalDataErasedAt }).from(orders).where(eq(orders.buyerId, buyerId)).all();
  const finished = mine.filter((o) => finishedStatuses.includes(o.status));
  eraseOrders(db, finished.filter((o) => o.erased === null).map((o) => o.id), at);
  // Messages about the buyer that are not tied to an order (a question forwarded to the seller) and were delivered.
  db.update(outbox)
    .set({ payload: '{}', lastError: null })
    .where(and(isNull(outbox.orderId), inArray(outbox.status, ['done', 'failed']), sql`json_valid(${outbox.payload}) and json_extract(${outbox.payload}, '$.buyerId') = ${buyerId}`))
    .run();
  return { erasedOrders: finished.length, openOrders: mine.filter((o) => !finishedStatuses.includes(o.status)).map((o) => o.number) };
}

/** How many orders a retention pass erases per step: a short write transaction each. */
const retentionBatch = 200;

/**
 * Erases the personal data of orders finished more than `days` ago and not erased yet. Cheap
 * (the status index finds them) and idempotent (erased orders are skipped); returns how many it erased.
 */
export function eraseExpiredOrders(db: Db, days: number, now = Date.now()): number {
  const before = now - days * 86_400_000;
  let total = 0;
  for (;;) {
    const ids = db
      .select({ id: orders.id })
      .from(orders)
      .where(and(inArray(orders.status, [...finishedStatuses]), lte(orders.statusAt, before), isNull(orders.personalDataErasedAt)))
      .limit(retentionBatch)
      .all()
      .map((o) => o.id);
    if (ids.length === 0) return total;
    db.transaction((tx) => eraseOrders(tx, ids, now));
    total += ids.length;
  }
}

/**
 * Copies the write-ahead log into the database and truncates it, so erased rows do not linger in
 * the log's old frames (secure_delete already zeroes them in the file). Waits for an open
 * transaction to end (a checkpoint cannot run inside one) and tries again while a reader (a
 * search, the checkpoint worker's pass) keeps the log busy; resolves with whether it truncated.
 */
export function truncateWal(db: Db): Promise<boolean> {
  const client = db.$client;
  return new Promise((resolve, reject) => {
    const attempt = (left: number) => {
      if (!client.open) return resolve(false);
      if (client.inTransaction) return left > 0 ? void setImmediate(() => attempt(left - 1)) : resolve(false);
      // Not waiting inside SQLite's busy handler: that would hold the event loop while a search reads.
      const timeout = client.pragma('busy_timeout', { simple: true }) as number;
      try {
        client.pragma('busy_timeout = 0');
        const [result] = client.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
        if (result?.busy && left > 0) return void setTimeout(() => attempt(left - 1), 20);
        resolve(!result?.busy);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      } finally {
        client.pragma(`busy_timeout = ${timeout}`);
      }
    };
    attempt(250);
  });
}

/** Everything kept about a buyer in their storefront, for /mydata. */
export interface StoredData {
  buyer: typeof buyers.$inferSelect;
  consents: Consent[];
  orders: Array<typeof orders.$inferSelect>;
  /** Questions to the seller still waiting for an answer. */
  openQuestions: { count: number; lastAskedAt?: number };
}

/** Collects what is stored about the buyer (their row is per storefront, so is all of this). */
export function storedData(db: Db, buyerId: number): StoredData | undefined {
  const buyer = db.select().from(buyers).where(eq(buyers.id, buyerId)).get();
  if (!buyer) return undefined;
  const questions = db
    .select({ askedAt: sellerQuestions.askedAt })
    .from(sellerQuestions)
    .where(and(eq(sellerQuestions.buyerId, buyerId), isNull(sellerQuestions.answeredAt)))
    .all();
  return {
    buyer,
    consents: consentsOf(db, buyerId),
    orders: db.select().from(orders).where(eq(orders.buyerId, buyerId)).orderBy(desc(orders.createdAt), desc(orders.id)).all(),
    openQuestions: { count: questions.length, lastAskedAt: questions.length ? Math.max(...questions.map((q) => q.askedAt)) : undefined },
  };
}

import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox, type OutboxKind } from '../db/schema.js';
import { recipientKey, type Recipient } from './recipient.js';

/** A row of the outbox. */
export type OutboxRow = typeof outbox.$inferSelect;

/** A database handle or a transaction: outbox rows are written inside the change's own transaction. */
export type DbOrTx = Pick<Db, 'select' | 'insert' | 'update'>;

/** What to deliver later. */
export interface OutboxIntent {
  kind: OutboxKind;
  /** The same key twice is one delivery: a repeated intent is dropped. */
  key: string;
  storefrontId?: number;
  orderId?: number;
  payload?: unknown;
  /** Not before (epoch ms); now by default. */
  dueAt?: number;
  /** The one person a message goes to (one row per recipient: a failure for one never repeats the others'). */
  to?: Recipient;
}

/** Records an intent; returns false when one with the same key exists already. */
export function enqueue(db: DbOrTx, intent: OutboxIntent, now = Date.now()): boolean {
  const inserted = db
    .insert(outbox)
    .values({
      kind: intent.kind,
      key: intent.key,
      storefrontId: intent.storefrontId ?? null,
      orderId: intent.orderId ?? null,
      payload: JSON.stringify(intent.payload ?? {}),
      dueAt: intent.dueAt ?? now,
      recipient: intent.to ? recipientKey(intent.to) : null,
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning({ id: outbox.id })
    .all();
  return inserted.length > 0;
}

/** The payload of a `message` row: a text ready to send (an import report, a bot connection's result), with no buyer's data. */
export interface TextPayload {
  text: string;
}

/** Queues a ready text to one person (the outcome of work that outlived its event); returns false on a repeated key. */
export function enqueueText(db: DbOrTx, to: Recipient, text: string, key: string): boolean {
  const payload: TextPayload = { text };
  return enqueue(db, { kind: 'message', key: `message:${key}`, storefrontId: to.storefrontId, to, payload });
}

/** One stage of an order the buyer is told about. */
export interface BuyerStage {
  status: string;
  at: number;
  note?: string;
}

/** The payload of a `buyer-status` row: the stages not yet told, oldest first. */
export interface BuyerStatusPayload {
  stages: BuyerStage[];
}

/**
 * Adds a stage to the buyer's next status message. A stage joins the message still waiting
 * (not yet tried), so stages close together go out as one message instead of a burst.
 */
export function addBuyerStage(db: DbOrTx, order: { id: number; storefrontId: number }, stage: BuyerStage): void {
  const waiting = db
    .select()
    .from(outbox)
    .where(and(eq(outbox.orderId, order.id), eq(outbox.kind, 'buyer-status'), eq(outbox.status, 'pending'), eq(outbox.attempts, 0)))
    .orderBy(asc(outbox.id))
    .get();
  if (waiting) {
    const payload = JSON.parse(waiting.payload) as BuyerStatusPayload;
    payload.stages.push(stage);
    db.update(outbox).set({ payload: JSON.stringify(payload) }).where(eq(outbox.id, waiting.id)).run();
    return;
  }
  const payload: BuyerStatusPayload = { stages: [stage] };
  const seq = db.select({ n: sql<number>`count(*)` }).from(outbox).where(and(eq(outbox.orderId, order.id), eq(outbox.kind, 'buyer-status'))).get()?.n ?? 0;
  enqueue(db, { kind: 'buyer-status', key: `buyer-status:${order.id}:${seq + 1}`, storefrontId: order.storefrontId, orderId: order.id, payload, dueAt: stage.at }, stage.at);
}

/** Tells whether the connection has added outbox rows since it was last asked. */
export interface OutboxWrites {
  /** True when a row was added since the last call (possibly in a transaction later rolled back). */
  take(): boolean;
}

const watchers = new WeakMap<Db['$client'], Set<() => void>>();

/**
 * Watches one connection's new outbox rows: a temporary trigger (this connection's only) calls
 * back into JavaScript, so asking costs no query. The engine kicks the outbox worker only after
 * events that gave it something to send, instead of having it look after every event. Changes
 * to existing rows need no kick: the worker already knows them and schedules their retries.
 */
export function watchOutboxWrites(db: Db): OutboxWrites {
  let listeners = watchers.get(db.$client);
  if (!listeners) {
    const all = new Set<() => void>();
    listeners = all;
    watchers.set(db.$client, all);
    db.$client.function('sarafan_outbox_added', () => {
      for (const listener of all) listener();
      return null;
    });
    db.$client.exec('CREATE TEMP TRIGGER IF NOT EXISTS outbox_added AFTER INSERT ON main.outbox BEGIN SELECT sarafan_outbox_added(); END');
  }
  let added = false;
  listeners.add(() => (added = true));
  return {
    take() {
      const was = added;
      added = false;
      return was;
    },
  };
}

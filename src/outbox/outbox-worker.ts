import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox, type OutboxKind } from '../db/schema.js';
import type { Logger } from '../shared/logger.js';
import type { OutboxRow } from './outbox.js';

/** What a handler made of one delivery. */
export type DeliveryOutcome =
  /** Delivered; `redact` empties the payload (a buyer's own words need not outlive their delivery). */
  | { outcome: 'done'; note?: string; redact?: boolean }
  /** A passing failure (network, 5xx): try again later with backoff. */
  | { outcome: 'retry'; error: string }
  /** Needs a person or a configuration change; tried again at the next start. */
  | { outcome: 'blocked'; error: string }
  /** Will never succeed; recorded and dropped. */
  | { outcome: 'failed'; error: string };

/** Delivers one kind of outbox row. */
export type DeliveryHandler = (row: OutboxRow) => Promise<DeliveryOutcome>;

/** When a row may go at the earliest, given the row and the time now. */
export type OutboxGate = (row: OutboxRow, now: number) => number;

/** Retry timing: exponential backoff with jitter, capped. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** What the worker needs. */
export interface OutboxWorkerDeps {
  db: Db;
  logger: Logger;
  handlers: Partial<Record<OutboxKind, DeliveryHandler>>;
  /**
   * When a row may go at the earliest, decided before it is claimed (a coalescing window): a
   * row that waits is not being delivered, so later changes can still join it. Also quiet hours.
   */
  gates?: Partial<Record<OutboxKind, OutboxGate>>;
  backoff?: Backoff;
  /** How long a row is held by a delivery in progress; after a crash it is tried again once this passes. */
  leaseMs?: number;
  /** How often due rows are looked for when nothing kicks the worker. */
  pollMs?: number;
  now?: () => number;
  random?: () => number;
}

/** Delivers outbox rows as they fall due. */
export interface OutboxWorker {
  /** Delivers every row due now; resolves with how many were tried. */
  runOnce(): Promise<number>;
  /** Looks for due rows at once (after a change that wrote one). */
  kick(): void;
  start(): void;
  /** Stops looking and waits for the deliveries in progress. */
  stop(): Promise<void>;
}

/**
 * Kinds delivered strictly in order per order and recipient: a cancellation never overtakes its
 * hand-off, a staff member hears of a new order before its troubles. Recipients have lanes of
 * their own, so one staff member's failing chat holds up nobody else.
 */
const lanes: Record<OutboxKind, string> = {
  handoff: 'warehouse',
  cancel: 'warehouse',
  'warehouse-card': 'warehouse-chat',
  'buyer-status': 'buyer',
  'seller-reply': 'buyer',
  'staff-notice': 'staff',
  'new-order': 'staff',
  'reply-reminder': 'staff',
  'seller-question': 'staff',
  message: 'message',
};

/** The delay before attempt `attempts + 1`: full backoff doubled each time, half of it random. */
export function backoffDelay(attempts: number, backoff: Backoff, random: () => number): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

/** Creates the outbox worker. */
export function createOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const { db, logger } = deps;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const backoff = deps.backoff ?? { baseMs: 5_000, maxMs: 30 * 60_000 };
  const leaseMs = deps.leaseMs ?? 2 * 60_000;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  // Rows held back because an earlier row of the same order and lane is not delivered yet.
  function blockedByEarlier(row: OutboxRow): boolean {
    if (row.orderId === null) return false;
    const sameLane = (Object.keys(lanes) as OutboxKind[]).filter((k) => lanes[k] === lanes[row.kind]);
    const earlier = db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.orderId, row.orderId),
          inArray(outbox.kind, sameLane),
          inArray(outbox.status, ['pending', 'blocked']),
          row.recipient === null ? isNull(outbox.recipient) : eq(outbox.recipient, row.recipient),
          lt(outbox.id, row.id),
        ),
      )
      .get();
    return earlier !== undefined;
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const handler = deps.handlers[row.kind]!;
    let result: DeliveryOutcome;
    try {
      result = await handler(row);
    } catch (error) {
      result = { outcome: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    const at = now();
    switch (result.outcome) {
      case 'done':
        db.update(outbox)
          .set({ status: 'done', doneAt: at, lastError: result.note ?? null, claimedUntil: null, ...(result.redact ? { payload: '{}' } : {}) })
          .where(eq(outbox.id, row.id))
          .run();
        break;
      case 'retry':
        db.update(outbox)
          .set({ dueAt: at + backoffDelay(row.attempts, backoff, random), lastError: result.error, claimedUntil: null })
          .where(eq(outbox.id, row.id))
          .run();
        logger.warn({ outbox: row.key, attempt: row.attempts, error: result.error }, 'delivery failed, will retry');
        break;
      case 'blocked':
      case 'failed':
        db.update(outbox).set({ status: result.outcome, lastError: result.error, claimedUntil: null }).where(eq(outbox.id, row.id)).run();
        logger.error({ outbox: row.key, error: result.error }, `delivery ${result.outcome}`);
        break;
    }
  }

  // A worker delivers only the kinds it has handlers for; others wait for a worker that can.
  const kinds = Object.keys(deps.handlers) as OutboxKind[];

  async function runOnce(): Promise<number> {
    const due = db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.dueAt, now()), inArray(outbox.kind, kinds)))
      .orderBy(asc(outbox.id))
      .limit(200)
      .all();
    const started: Promise<void>[] = [];
    const busyLanes = new Set<string>();
    for (const row of due) {
      const lane = `${lanes[row.kind]}:${row.orderId ?? `row${row.id}`}:${row.recipient ?? ''}`;
      if (busyLanes.has(lane) || blockedByEarlier(row)) continue;
      busyLanes.add(lane);
      const notBefore = deps.gates?.[row.kind]?.(row, now());
      if (notBefore !== undefined && notBefore > now()) {
        db.update(outbox).set({ dueAt: notBefore }).where(eq(outbox.id, row.id)).run();
        continue;
      }
      // Claimed before the network call: a crash from here on leaves the row claimed, and the next
      // start tries it again at once (a live worker that outlasts the lease is retried after it).
      const until = now() + leaseMs;
      db.update(outbox).set({ attempts: sql`${outbox.attempts} + 1`, dueAt: until, claimedUntil: until }).where(eq(outbox.id, row.id)).run();
      const job = deliver({ ...row, attempts: row.attempts + 1 }).catch((error: unknown) => logger.error({ err: error, outbox: row.key }, 'outbox delivery crashed'));
      inFlight.add(job);
      void job.finally(() => inFlight.delete(job));
      started.push(job);
    }
    await Promise.all(started);
    return started.length;
  }

  function kick(): void {
    if (running) {
      again = true;
      return;
    }
    running = runOnce()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'outbox run failed');
        return 0;
      })
      .then((tried) => {
        // A delivery may have written rows of its own (a hand-off's warehouse cards): look again at once.
        if (tried > 0) again = true;
        return tried;
      })
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          kick();
        }
      });
  }

  return {
    runOnce,
    kick: () => {
      if (!stopped) kick();
    },
    start() {
      if (!stopped) return;
      stopped = false;
      // Rows blocked by a refused configuration get another chance with the new configuration.
      db.update(outbox).set({ status: 'pending', dueAt: now() }).where(eq(outbox.status, 'blocked')).run();
      // Rows still claimed were cut off by a crash (one process owns the database): whether the
      // messenger got them is unknown, so they go again now (at least once) instead of after the lease.
      db.update(outbox)
        .set({ dueAt: now(), claimedUntil: null })
        .where(and(eq(outbox.status, 'pending'), isNotNull(outbox.claimedUntil)))
        .run();
      timer = setInterval(kick, deps.pollMs ?? 1_000);
      timer.unref();
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
      await Promise.all([...inFlight]);
    },
  };
}

import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { outbox } from '../../src/db/schema.js';
import { backoffDelay, createOutboxWorker, type DeliveryOutcome } from '../../src/outbox/outbox-worker.js';
import { enqueue } from '../../src/outbox/outbox.js';

const logger = pino({ level: 'silent' });

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('outbox worker', () => {
  it('retries a failed delivery with growing, jittered delays and stops once it is done', async () => {
    const db = openDatabase(':memory:');
    const time = clock();
    const answers: DeliveryOutcome[] = [
      { outcome: 'retry', error: 'HTTP 503' },
      { outcome: 'retry', error: 'HTTP 503' },
      { outcome: 'done' },
    ];
    const tries: number[] = [];
    const worker = createOutboxWorker({
      db,
      logger,
      now: time.now,
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 60_000 },
      handlers: { message: async () => (tries.push(time.now()), answers.shift()!) },
    });
    enqueue(db, { kind: 'message', key: 'm1' }, time.now());
    expect(await worker.runOnce()).toBe(1);
    // Not due yet: nothing is tried.
    expect(await worker.runOnce()).toBe(0);
    time.advance(750);
    expect(await worker.runOnce()).toBe(1);
    time.advance(1499);
    expect(await worker.runOnce()).toBe(0);
    time.advance(1);
    expect(await worker.runOnce()).toBe(1);
    const row = db.select().from(outbox).get()!;
    expect(row).toMatchObject({ status: 'done', attempts: 3 });
    expect(tries.map((t) => t - 1_000_000)).toEqual([0, 750, 2250]);
  });

  it('keeps a full jitter range and a cap', () => {
    const b = { baseMs: 1000, maxMs: 8000 };
    expect(backoffDelay(1, b, () => 0)).toBe(500);
    expect(backoffDelay(1, b, () => 1)).toBe(1000);
    expect(backoffDelay(10, b, () => 1)).toBe(8000);
  });

  it('writing the same intent twice delivers it once', async () => {
    const db = openDatabase(':memory:');
    let delivered = 0;
    const worker = createOutboxWorker({ db, logger, handlers: { message: async () => (delivered++, { outcome: 'done' }) } });
    expect(enqueue(db, { kind: 'message', key: 'same' })).toBe(true);
    expect(enqueue(db, { kind: 'message', key: 'same' })).toBe(false);
    await worker.runOnce();
    await worker.runOnce();
    expect(delivered).toBe(1);
  });

  it('after a crash in the middle of a delivery, tries the row again once the lease is over', async () => {
    const db = openDatabase(':memory:');
    const time = clock();
    enqueue(db, { kind: 'message', key: 'm' }, time.now());
    // The first worker claims the row and "dies" before it records anything.
    const crashed = createOutboxWorker({ db, logger, now: time.now, leaseMs: 60_000, handlers: { message: () => new Promise<never>(() => {}) } });
    void crashed.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    let delivered = 0;
    const restarted = createOutboxWorker({ db, logger, now: time.now, leaseMs: 60_000, handlers: { message: async () => (delivered++, { outcome: 'done' }) } });
    expect(await restarted.runOnce()).toBe(0);
    time.advance(60_000);
    expect(await restarted.runOnce()).toBe(1);
    expect(delivered).toBe(1);
  });

  it('at the next start, tries at once a row whose delivery was cut off by a crash, without waiting for the lease', async () => {
    const db = openDatabase(':memory:');
    const time = clock();
    enqueue(db, { kind: 'message', key: 'm' }, time.now());
    const crashed = createOutboxWorker({ db, logger, now: time.now, leaseMs: 120_000, handlers: { message: () => new Promise<never>(() => {}) } });
    void crashed.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    expect(db.select().from(outbox).get()!.claimedUntil).toBe(time.now() + 120_000);
    let delivered = 0;
    const restarted = createOutboxWorker({ db, logger, now: time.now, pollMs: 60_000, handlers: { message: async () => (delivered++, { outcome: 'done' }) } });
    restarted.start();
    await restarted.stop();
    expect(delivered).toBe(1);
    expect(db.select().from(outbox).get()).toMatchObject({ status: 'done', attempts: 2, claimedUntil: null });
    // A row waiting for its retry is not cut off: the start leaves its backoff alone.
    enqueue(db, { kind: 'message', key: 'later' }, time.now());
    const failing = createOutboxWorker({ db, logger, now: time.now, random: () => 0, handlers: { message: async () => ({ outcome: 'retry', error: 'HTTP 500' }) } });
    await failing.runOnce();
    const waiting = db.select().from(outbox).where(eq(outbox.key, 'later')).get()!;
    expect(waiting.claimedUntil).toBeNull();
    restarted.start();
    await restarted.stop();
    expect(db.select().from(outbox).where(eq(outbox.key, 'later')).get()).toMatchObject({ status: 'pending', dueAt: waiting.dueAt });
  });

  it('gives each recipient a lane of its own: one failing chat does not hold up another\'s messages about the same order', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec("insert into storefronts (id, slug, name) values (1, 's', 'S'); insert into buyers (id, storefront_id, channel, chat_id, user_id, locale) values (1, 1, 'telegram', '1', '1', 'ru');");
    db.$client.exec("insert into orders (id, storefront_id, buyer_id, number, checkout_key, total, channel, chat_id, locale, delivery_name, delivery_phone, delivery_city, delivery_address) values (7, 1, 1, 1001, 'k', 100, 'telegram', '1', 'ru', 'A', '+79160000000', 'M', 'X')");
    const time = clock();
    const seen: string[] = [];
    const worker = createOutboxWorker({
      db,
      logger,
      now: time.now,
      handlers: {
        'new-order': async (row) => (seen.push(`alert ${row.recipient}`), row.recipient === '1:telegram:b' ? { outcome: 'retry', error: 'HTTP 500' } : { outcome: 'done' }),
        'staff-notice': async (row) => (seen.push(`notice ${row.recipient}`), { outcome: 'done' }),
      },
    });
    for (const chat of ['a', 'b']) enqueue(db, { kind: 'new-order', key: `alert:${chat}`, orderId: 7, to: { storefrontId: 1, channel: 'telegram', chatId: chat } }, time.now());
    for (const chat of ['a', 'b']) enqueue(db, { kind: 'staff-notice', key: `notice:${chat}`, orderId: 7, to: { storefrontId: 1, channel: 'telegram', chatId: chat } }, time.now());
    await worker.runOnce();
    await worker.runOnce();
    // a hears of the order and then of its notice; b's notice waits behind b's own alert, still failing.
    expect(seen).toEqual(['alert 1:telegram:a', 'alert 1:telegram:b', 'notice 1:telegram:a']);
  });

  it('delivers an order\'s warehouse rows in order: a cancellation waits for its hand-off', async () => {
    const db = openDatabase(':memory:');
    db.$client.exec("insert into storefronts (id, slug, name) values (1, 's', 'S'); insert into buyers (id, storefront_id, channel, chat_id, user_id, locale) values (1, 1, 'telegram', '1', '1', 'ru');");
    db.$client.exec("insert into orders (id, storefront_id, buyer_id, number, checkout_key, total, channel, chat_id, locale, delivery_name, delivery_phone, delivery_city, delivery_address) values (7, 1, 1, 1001, 'k', 100, 'telegram', '1', 'ru', 'A', '+79160000000', 'M', 'X')");
    const time = clock();
    const seen: string[] = [];
    let handoffAnswer: DeliveryOutcome = { outcome: 'retry', error: 'down' };
    const worker = createOutboxWorker({
      db,
      logger,
      now: time.now,
      random: () => 1,
      backoff: { baseMs: 1000, maxMs: 1000 },
      handlers: {
        handoff: async () => (seen.push('handoff'), handoffAnswer),
        cancel: async () => (seen.push('cancel'), { outcome: 'done' }),
      },
    });
    enqueue(db, { kind: 'handoff', key: 'h', orderId: 7 }, time.now());
    enqueue(db, { kind: 'cancel', key: 'c', orderId: 7 }, time.now());
    await worker.runOnce();
    expect(seen).toEqual(['handoff']);
    handoffAnswer = { outcome: 'done' };
    time.advance(1000);
    await worker.runOnce();
    await worker.runOnce();
    expect(seen).toEqual(['handoff', 'handoff', 'cancel']);
  });

  it('a refused configuration blocks the row until the next start', async () => {
    const db = openDatabase(':memory:');
    let answer: DeliveryOutcome = { outcome: 'blocked', error: 'bad signature' };
    const worker = createOutboxWorker({ db, logger, pollMs: 60_000, handlers: { message: async () => answer } });
    enqueue(db, { kind: 'message', key: 'b' });
    await worker.runOnce();
    expect(db.select().from(outbox).where(eq(outbox.key, 'b')).get()!.status).toBe('blocked');
    expect(await worker.runOnce()).toBe(0);
    answer = { outcome: 'done' };
    worker.start();
    await worker.stop();
    expect(db.select().from(outbox).where(eq(outbox.key, 'b')).get()!.status).toBe('done');
  });
});

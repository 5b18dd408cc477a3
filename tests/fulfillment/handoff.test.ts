import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderHistory, orders, outbox } from '../../src/db/schema.js';
import { createFulfillmentHandlers } from '../../src/fulfillment/handoff.js';
import type { FulfillmentProvider } from '../../src/fulfillment/provider.js';
import { createHttpProvider } from '../../src/fulfillment/providers/http-provider.js';
import { createOutboxWorker } from '../../src/outbox/outbox-worker.js';
import { createTestApp, orderBoots, TestBuyer, type TestApp } from '../helpers/engine-harness.js';
import { startFakeWarehouse, type FakeWarehouse } from '../helpers/fake-warehouse.js';

const logger = pino({ level: 'silent' });
let warehouse: FakeWarehouse;
let provider: FulfillmentProvider;
let app: TestApp;
let time = 0;
const now = () => Date.now() + time;

beforeEach(async () => {
  warehouse = await startFakeWarehouse();
  provider = createHttpProvider({ baseUrl: warehouse.url, secret: warehouse.secret, callbackUrl: 'http://unused' });
  time = 0;
  // No provider in the app: the confirmed order's hand-off waits in the outbox for the workers below.
  app = createTestApp();
});
afterEach(() => warehouse.close());

const worker = (p: FulfillmentProvider, handlers = createFulfillmentHandlers(app.db, p)) =>
  createOutboxWorker({ db: app.db, logger, now, leaseMs: 60_000, handlers: { handoff: handlers.handoff } });
const handoffRow = () => app.db.select().from(outbox).where(eq(outbox.kind, 'handoff')).get()!;

describe('hand-off under a crash', () => {
  it('killed after the warehouse took the order but before it was recorded: the restart gets 409, one warehouse order', async () => {
    const order = await orderBoots(app, new TestBuyer(app));
    expect(order.status).toBe('confirmed');
    // The first process sends, the warehouse saves, and the process dies before the answer is recorded.
    const dying: FulfillmentProvider = { code: 'http', submit: async (h) => (await provider.submit(h), new Promise<never>(() => {})) };
    void worker(dying).runOnce();
    await warehouse.waitForOrders(1);
    expect(app.db.select().from(orders).get()!.status).toBe('confirmed');

    const restarted = worker(provider);
    // Within the lease the row belongs to the dead delivery.
    expect(await restarted.runOnce()).toBe(0);
    time += 61_000;
    expect(await restarted.runOnce()).toBe(1);
    expect(warehouse.requests.map((r) => r.status)).toEqual([201, 409]);
    expect(warehouse.orders).toHaveLength(1);
    expect(app.db.select().from(orders).get()).toMatchObject({ status: 'sent', supplierOrderId: 'W-7781' });
    expect(handoffRow()).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('killed after the order was recorded but before the outbox row was closed: the restart sends nothing again', async () => {
    await orderBoots(app, new TestBuyer(app));
    const row = handoffRow();
    // The hand-off ran to the end, but the worker died before it marked the row done.
    app.db.update(outbox).set({ attempts: 1, dueAt: now() + 60_000 }).where(eq(outbox.id, row.id)).run();
    await createFulfillmentHandlers(app.db, provider).handoff(row);
    expect(app.db.select().from(orders).get()!.status).toBe('accepted');

    time += 61_000;
    expect(await worker(provider).runOnce()).toBe(1);
    expect(warehouse.requests).toHaveLength(1);
    expect(handoffRow().status).toBe('done');
    const sent = app.db.select().from(orderHistory).all().filter((h) => h.toStatus === 'sent');
    expect(sent).toHaveLength(1);
  });

  it('the warehouse down for hours: the order waits, every retry carries the same key, and it goes out once it is back', async () => {
    const order = await orderBoots(app, new TestBuyer(app));
    warehouse.failNext(12, 502);
    const w = worker(provider);
    for (let hour = 0; hour < 12; hour++) {
      await w.runOnce();
      time += 60 * 60_000;
    }
    expect(warehouse.orders).toHaveLength(0);
    expect(handoffRow()).toMatchObject({ status: 'pending', attempts: 12 });
    await w.runOnce();
    expect(warehouse.orders).toHaveLength(1);
    expect(new Set(warehouse.requests.map((r) => r.idempotencyKey))).toEqual(new Set([`S-${String(order.id).padStart(6, '0')}`]));
    expect(app.db.select().from(orders).get()!.status).toBe('accepted');
  });
});

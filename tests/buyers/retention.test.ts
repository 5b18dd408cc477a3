import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRetention, type Retention } from '../../src/buyers/retention.js';
import { orders } from '../../src/db/schema.js';
import { advanceOrder } from '../../src/orders/order-lifecycle.js';
import { cartWithBoots, createTestApp, orderBoots, TestBuyer } from '../helpers/engine-harness.js';

const day = 86_400_000;
let retention: Retention | undefined;
afterEach(() => retention?.stop());

describe('personal data retention', () => {
  it('erases name, phone and address of orders finished more than PERSONAL_DATA_RETENTION_DAYS ago, once, and nothing else', async () => {
    const app = createTestApp();
    const anna = new TestBuyer(app, 'anna');
    const delivered = await orderBoots(app, anna);
    advanceOrder(app.db, { orderId: delivered.id, to: 'delivered', actor: 'supplier:test' });
    const finishedAt = app.db.select().from(orders).where(eq(orders.id, delivered.id)).get()!.statusAt!;
    const boris = new TestBuyer(app, 'boris');
    const travelling = await orderBoots(app, boris, '40');
    // An order still on its way is never erased, however old.
    app.db.update(orders).set({ statusAt: finishedAt - 5000 * day }).where(eq(orders.id, travelling.id)).run();

    let clock = finishedAt + 1095 * day - 1;
    retention = startRetention({ db: app.db, logger: pino({ level: 'silent' }), days: 1095, now: () => clock, intervalMs: 3_600_000 });
    expect(await retention.runOnce()).toBe(0);
    expect(app.db.select().from(orders).where(eq(orders.id, delivered.id)).get()!.deliveryName).toBe('Анна Смирнова');

    clock = finishedAt + 1095 * day + 1;
    expect(await retention.runOnce()).toBe(1);
    const erased = app.db.select().from(orders).where(eq(orders.id, delivered.id)).get()!;
    expect(erased).toMatchObject({ deliveryName: '—', deliveryPhone: '—', deliveryAddress: '—', total: delivered.total, status: 'delivered' });
    expect(erased.personalDataErasedAt).toBe(clock);
    // Idempotent: the next day finds nothing to do.
    clock += day;
    expect(await retention.runOnce()).toBe(0);
    expect(app.db.select().from(orders).where(eq(orders.id, delivered.id)).get()!.personalDataErasedAt).toBe(clock - day);
    expect(app.db.select().from(orders).where(eq(orders.id, travelling.id)).get()!.deliveryName).toBe('Анна Смирнова');
  });

  it('finds expired orders through the status index, not by reading every order', async () => {
    const app = createTestApp();
    await cartWithBoots(new TestBuyer(app));
    const plan = app.db.$client
      .prepare(
        "explain query plan select id from orders where status in ('delivered','returned','cancelled') and status_at <= ? and personal_data_erased_at is null limit 200",
      )
      .all(Date.now()) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join()).toContain('orders_status_idx');
  });
});

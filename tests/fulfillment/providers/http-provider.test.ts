import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderHistory, orders, outbox, variants } from '../../../src/db/schema.js';
import { ensureHqStaff } from '../../../src/franchise/staff-service.js';
import { publicOrderId } from '../../../src/fulfillment/provider.js';
import { createHttpProvider } from '../../../src/fulfillment/providers/http-provider.js';
import { verifySignature } from '../../../src/fulfillment/signature.js';
import { createTestApp, orderBoots, TestBuyer, type TestApp } from '../../helpers/engine-harness.js';
import { startFakeWarehouse, type FakeWarehouse } from '../../helpers/fake-warehouse.js';

let warehouse: FakeWarehouse;
let offset = 0;
beforeEach(async () => {
  warehouse = await startFakeWarehouse();
  offset = 0;
});
afterEach(() => warehouse.close());

const callbackUrl = 'https://shop.example/fulfillment/webhook';

/** The shop with the `http` provider pointed at the fake warehouse; HQ staff user '1' gets the notices. */
async function shop(secret = warehouse.secret): Promise<{ app: TestApp; buyer: TestBuyer }> {
  const provider = createHttpProvider({ baseUrl: warehouse.url, secret, callbackUrl, timeoutMs: 2000 });
  const app = createTestApp({ provider, now: () => Date.now() + offset });
  ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
  await new TestBuyer(app, '1').say('/admin');
  return { app, buyer: new TestBuyer(app) };
}

/** Lets the outbox's backoff run out and delivers what is due. */
async function later(app: TestApp, ms = 120_000): Promise<void> {
  offset += ms;
  await app.flush!();
}

const orderRow = (app: TestApp) => app.db.select().from(orders).get()!;
const handoffRow = (app: TestApp) => app.db.select().from(outbox).where(eq(outbox.kind, 'handoff')).get()!;
const toStaff = (app: TestApp) => app.sent!.filter((n) => n.target.chatId === '1').map((n) => n.replies[0]!.text);

describe('http provider against a warehouse on 127.0.0.1 (docs/supplier-api.md)', () => {
  it('submits a signed order with the order id as the idempotency key and every field of the contract', async () => {
    const { app, buyer } = await shop();
    const order = await orderBoots(app, buyer);
    const [taken] = warehouse.orders;
    expect(warehouse.orders).toHaveLength(1);
    expect(taken!.idempotencyKey).toBe(publicOrderId(order.id));
    expect(warehouse.requests[0]!.path).toBe('/orders');
    expect(taken!.body).toMatchObject({
      order_id: publicOrderId(order.id),
      storefront: { id: `sf_${app.storefront.id}`, name: 'Тестовый магазин' },
      currency: 'RUB',
      cod_amount: order.total,
      recipient: { name: 'Анна Смирнова', phone: '+79161234567', city: 'Москва', address: 'Тверская, 7, кв. 12' },
      callback_url: callbackUrl,
    });
    const variant = app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!;
    expect(taken!.body['items']).toEqual([
      { offer_id: 'SHOE-CHELSEA-01-39', name: 'Ботинки челси замшевые', size: '39', quantity: 1, wholesale_price: variant.wholesalePrice, retail_price: order.total },
    ]);
    expect(String(taken!.body['created_at'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The order reached the warehouse and the warehouse's number is kept.
    expect(orderRow(app)).toMatchObject({ status: 'accepted', supplierOrderId: 'W-7781' });
  });

  it('keeps trying through 5xx and dropped connections with backoff, then the order goes out once', async () => {
    const { app, buyer } = await shop();
    warehouse.failNext(2, 503);
    warehouse.dropNext(0);
    const order = await orderBoots(app, buyer);
    expect(orderRow(app).status).toBe('confirmed');
    expect(handoffRow(app)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    // The franchisee sees the order is waiting for the warehouse, and why.
    const staff = new TestBuyer(app, '1');
    await staff.say(`/order ${order.number}`);
    expect(staff.text).toContain('⏳ Склад пока не отвечает — заказ ещё не передан. Мы повторяем сами (попыток: 1,');
    expect(staff.text).toContain('ошибка: HTTP 503). Делать ничего не нужно');
    // Not before the backoff is over.
    await app.flush!();
    expect(warehouse.requests).toHaveLength(1);
    await later(app);
    expect(handoffRow(app).attempts).toBe(2);
    warehouse.dropNext(1);
    await later(app);
    expect(handoffRow(app).lastError).toMatch(/fetch failed|socket|ECONNRESET|other side closed/i);
    await later(app, 10 * 60_000);
    expect(warehouse.requests.map((r) => r.idempotencyKey)).toEqual(Array(4).fill(publicOrderId(order.id)));
    expect(warehouse.orders).toHaveLength(1);
    expect(handoffRow(app).status).toBe('done');
    expect(orderRow(app).status).toBe('accepted');
  });

  it('a 5xx after the warehouse took the order: the retry gets 409 and no second warehouse order is made', async () => {
    const { app, buyer } = await shop();
    warehouse.acceptThenFail(1);
    await orderBoots(app, buyer);
    expect(warehouse.orders).toHaveLength(1);
    expect(orderRow(app).status).toBe('confirmed');
    await later(app);
    expect(warehouse.requests.map((r) => r.status)).toEqual([500, 409]);
    expect(warehouse.orders).toHaveLength(1);
    // 409 means "taken": the order is sent, with the warehouse's number from the answer.
    expect(orderRow(app)).toMatchObject({ status: 'sent', supplierOrderId: 'W-7781' });
  });

  it('422 out_of_stock: no retry, the order needs attention and the offer is sold out', async () => {
    const { app, buyer } = await shop();
    warehouse.outOfStock('SHOE-CHELSEA-01-39');
    await orderBoots(app, buyer);
    await later(app);
    expect(warehouse.requests).toHaveLength(1);
    expect(orderRow(app).status).toBe('needs_attention');
    expect(app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!.stock).toBe(0);
    expect(toStaff(app).some((t) => t.includes('на складе нет — Ботинки челси замшевые, 39.'))).toBe(true);
  });

  it('422 invalid: no retry, the order waits for a person and the staff read the warehouse\'s reason', async () => {
    const { app, buyer } = await shop();
    warehouse.rejectInvalid('recipient.phone: unsupported region');
    const order = await orderBoots(app, buyer);
    await later(app);
    expect(warehouse.requests).toHaveLength(1);
    expect(handoffRow(app)).toMatchObject({ status: 'failed' });
    expect(orderRow(app).status).toBe('confirmed');
    const notice = toStaff(app).find((t) => t.includes(`№ ${order.number}`) && t.includes('recipient.phone: unsupported region'));
    expect(notice).toBeDefined();
    // Once the data is sorted out, the franchisee sends it again from the order card.
    const staff = new TestBuyer(app, '1');
    await staff.say(`/order ${order.number}`);
    expect(staff.text).toContain('⚠️ Склад не принял заказ. Ответ склада: «recipient.phone: unsupported region».');
    warehouse.rejectInvalid(undefined);
    await staff.press('Отправить на склад ещё раз');
    expect(staff.text).toContain('🔁 Заказ снова в очереди на склад.');
    expect(warehouse.orders).toHaveLength(1);
    expect(orderRow(app).status).toBe('accepted');
    await staff.say(`/order ${order.number}`);
    expect(staff.text).toContain(`🏬 Номер для склада: ${publicOrderId(order.id)} (у склада: W-7781)`);
    expect(staff.text).not.toContain('Склад не принял заказ');
  });

  it('401 (a wrong secret): stops trying until the configuration changes, the order is kept', async () => {
    const { app, buyer } = await shop('not-the-warehouse-secret-000000');
    await orderBoots(app, buyer);
    expect(warehouse.requests.map((r) => r.status)).toEqual([401]);
    await later(app, 3_600_000);
    expect(warehouse.requests).toHaveLength(1);
    expect(handoffRow(app)).toMatchObject({ status: 'blocked' });
    expect(handoffRow(app).lastError).toContain('SUPPLIER_API_SECRET');
    expect(orderRow(app).status).toBe('confirmed');
    const staff = new TestBuyer(app, '1');
    await staff.say(`/order ${orderRow(app).number}`);
    expect(staff.text).toContain('⛔ Склад не принимает наши запросы: не сходится подпись. Заказ сохранён и ждёт.');
  });

  it('signs with HMAC over "<timestamp>.<body>" that the warehouse can check', async () => {
    const { app, buyer } = await shop();
    await orderBoots(app, buyer);
    const request = warehouse.requests[0]!;
    expect(request.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(Math.abs(Number(request.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(verifySignature(request.body, request, warehouse.secret)).toBeUndefined();
    // Any change to the body or the timestamp breaks it.
    expect(verifySignature(request.body.replace('Тверская', 'Арбат'), request, warehouse.secret)).toBe('mismatch');
    expect(verifySignature(request.body, { ...request, timestamp: String(Number(request.timestamp) + 1) }, warehouse.secret)).toBe('mismatch');
  });

  it('a cancel before shipping reaches the warehouse; after shipping the staff hear it is too late', async () => {
    const { app, buyer } = await shop();
    const staff = new TestBuyer(app, '1');
    const cancelByStaff = async (order: { id: number; number: number }) => {
      staff.last = app.sent!.filter((n) => n.target.chatId === '1' && n.replies[0]!.text.includes(`№ ${order.number}`))[0]!.replies;
      await staff.press('Открыть заказ');
      await staff.press('Отменить');
      await staff.press('Покупатель передумал');
    };
    const first = await orderBoots(app, buyer);
    await cancelByStaff(first);
    expect(staff.text).toContain('Заказ отменён');
    expect(app.db.select().from(orders).where(eq(orders.id, first.id)).get()!.status).toBe('cancelled');
    expect(warehouse.requests.at(-1)).toMatchObject({ path: `/orders/${publicOrderId(first.id)}/cancel`, status: 200 });
    expect(warehouse.orders[0]!.state).toBe('cancelled');

    // The warehouse shipped before its report reached us: too late, and the staff are told.
    const second = await orderBoots(app, new TestBuyer(app, 'u2'), '40');
    warehouse.markShipped(publicOrderId(second.id));
    await cancelByStaff(second);
    expect(warehouse.requests.at(-1)).toMatchObject({ path: `/orders/${publicOrderId(second.id)}/cancel`, status: 409 });
    expect(toStaff(app)).toContain(`⚠️ Заказ № ${second.number} уже отправлен: склад не успел его отменить. Покупатель может отказаться при получении.`);
    // The buyer was told "cancelled": now they learn a parcel is coming anyway and they can refuse it.
    const toBuyer = app.sent!.filter((n) => n.target.chatId === 'u2').map((n) => n.replies[0]!.text);
    expect(toBuyer.at(-1)).toContain('⚠️ Заказ успел уехать со склада до отмены. Когда курьер привезёт его, просто откажитесь — платить ничего не нужно.');
    const history = app.db.select().from(orderHistory).where(eq(orderHistory.orderId, second.id)).all();
    expect(history.at(-1)).toMatchObject({ toStatus: 'cancelled', actor: 'staff:telegram:1', note: 'Покупатель передумал' });
  });
});

import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderHistory, orders, supplierEvents } from '../../src/db/schema.js';
import { publicOrderId } from '../../src/fulfillment/provider.js';
import { createHttpProvider } from '../../src/fulfillment/providers/http-provider.js';
import { statusCallbackRoute } from '../../src/http/status-callback-route.js';
import { startHttpServer, type HttpServer } from '../../src/http/http-server.js';
import { createTestApp, orderBoots, TestBuyer, type TestApp } from '../helpers/engine-harness.js';
import { startFakeWarehouse, type FakeWarehouse } from '../helpers/fake-warehouse.js';
import { openRaw, postHead } from '../helpers/raw-http.js';
import { signBody } from '../../src/fulfillment/signature.js';

let warehouse: FakeWarehouse;
let server: HttpServer;
let app: TestApp;
let hook: string;
let order: typeof orders.$inferSelect;
let n = 0;

beforeEach(async () => {
  warehouse = await startFakeWarehouse();
  app = createTestApp({ provider: createHttpProvider({ baseUrl: warehouse.url, secret: warehouse.secret, callbackUrl: 'http://unused' }) });
  server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: 'silent' }),
    routes: [statusCallbackRoute({ db: app.db, secret: warehouse.secret, logger: pino({ level: 'silent' }) })],
  });
  hook = `${server.url}/fulfillment/webhook`;
  order = await orderBoots(app, new TestBuyer(app));
});
afterEach(async () => {
  await server.close();
  await warehouse.close();
});

const status = () => app.db.select().from(orders).where(eq(orders.id, order.id)).get()!.status;
const event = (s: string, extra: Record<string, unknown> = {}) => ({ event_id: `evt_${++n}`, order_id: publicOrderId(order.id), supplier_order_id: 'W-7781', status: s, ...extra });

describe('POST /fulfillment/webhook (docs/supplier-api.md)', () => {
  it('a genuine callback is recorded and answered 200; the order moves', async () => {
    expect(status()).toBe('accepted');
    const answer = await warehouse.sendStatus(hook, event('packed', { occurred_at: '2026-11-23T08:00:00Z' }));
    expect(answer.status).toBe(200);
    expect(status()).toBe('packed');
  });

  it('401 for a wrong signature or a timestamp more than 5 minutes off, and nothing changes', async () => {
    expect((await warehouse.sendStatus(hook, event('packed'), { secret: 'someone-elses-secret-123456' })).status).toBe(401);
    expect((await warehouse.sendStatus(hook, event('packed'), { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    const res = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event('packed')) });
    expect(res.status).toBe(401);
    expect(status()).toBe('accepted');
    expect(app.db.select().from(supplierEvents).all()).toHaveLength(0);
  });

  it('400 for a malformed body, 404 for an order that is not ours', async () => {
    expect((await warehouse.sendStatus(hook, event('packed'), { rawBody: '{"event_id": "evt_x", "order_id": ' })).status).toBe(400);
    expect((await warehouse.sendStatus(hook, { ...event('teleported') })).status).toBe(400);
    expect((await warehouse.sendStatus(hook, { ...event('packed'), order_id: 'S-999999' })).status).toBe(404);
    expect((await warehouse.sendStatus(hook, { ...event('packed'), order_id: 'ORDER-1' })).status).toBe(404);
    expect(status()).toBe('accepted');
  });

  it('the same event twice: 200 both times, one effect', async () => {
    const shipped = event('shipped', { carrier: 'CDEK', tracking_number: '1234567890' });
    expect((await warehouse.sendStatus(hook, shipped)).status).toBe(200);
    expect((await warehouse.sendStatus(hook, shipped)).status).toBe(200);
    const history = app.db.select().from(orderHistory).where(eq(orderHistory.orderId, order.id)).all();
    expect(history.filter((h) => h.toStatus === 'shipped')).toHaveLength(1);
    expect(app.db.select().from(orders).get()).toMatchObject({ status: 'shipped', carrier: 'CDEK', trackingNumber: '1234567890' });
  });

  it('out of order: delivered before shipped moves forward with the skipped stages recorded; the late shipped changes nothing', async () => {
    expect((await warehouse.sendStatus(hook, event('delivered', { cod_collected: order.total }))).status).toBe(200);
    expect(status()).toBe('delivered');
    const history = app.db.select().from(orderHistory).where(eq(orderHistory.orderId, order.id)).all();
    expect(history.filter((h) => h.note === 'skipped').map((h) => h.toStatus)).toEqual(['packed', 'shipped']);
    const late = await warehouse.sendStatus(hook, event('shipped', { carrier: 'CDEK', tracking_number: '1' }));
    expect(late.status).toBe(200);
    expect(JSON.parse(late.body)).toMatchObject({ outcome: 'late' });
    expect(app.db.select().from(orders).get()).toMatchObject({ status: 'delivered', trackingNumber: null });
  });

  it('a body declared over 64 KB gets 413 at once, before any of it is read', async () => {
    const conn = await openRaw(server.url);
    const signed = signBody('x'.repeat(100 * 1024), warehouse.secret);
    conn.write(postHead('/fulfillment/webhook', { 'content-type': 'application/json', 'content-length': 100 * 1024, ...signed }));
    expect(await conn.status).toBe(413);
    await conn.closed;
    expect(status()).toBe('accepted');
  });

  it('a signature of the right length with one digit changed is refused', async () => {
    const body = JSON.stringify(event('packed'));
    const signed = signBody(body, warehouse.secret);
    const sig = signed['x-sarafan-signature'];
    const forged = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const res = await fetch(hook, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signed, 'x-sarafan-signature': forged } });
    expect(res.status).toBe(401);
    expect(status()).toBe('accepted');
    const ok = await fetch(hook, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signed } });
    expect(ok.status).toBe(200);
    expect(status()).toBe('packed');
  });

  it('a body over the limit is refused without being read to the end', async () => {
    const huge = JSON.stringify({ ...event('packed'), reason: 'x'.repeat(100_000) });
    expect((await warehouse.sendStatus(hook, event('packed'), { rawBody: huge })).status).toBe(413);
    expect(status()).toBe('accepted');
  });
});

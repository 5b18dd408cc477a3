import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { franchiseSettings, orderHistory, orders, storefronts } from '../../src/db/schema.js';
import { encodeAction } from '../../src/engine/actions.js';
import { createEngine } from '../../src/engine/engine.js';
import type { InboundEvent } from '../../src/engine/events.js';
import type { Channel } from '../../src/shared/conversation.js';
import type { Reply } from '../../src/shared/replies.js';
import { warehouseSteps } from '../../src/engine/screens/warehouse.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { formatMoney } from '../../src/shared/money.js';
import { createTestApp, orderBoots, textOf, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

const warehouseChat = { channel: 'vk' as Channel, chatId: '2000000001' };
let eventNo = 0;

/** The shop with its warehouse in VK chat 2000000001, an HQ account, a franchisee storefront and an order in the HQ bot. */
async function network(warehouse: { chat?: typeof warehouseChat } = { chat: warehouseChat }) {
  const base = createTestApp();
  const engine = createEngine({ db: base.db, i18n: base.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', outbox: { kick: () => void base.flush!() }, warehouse });
  const app: TestApp = { ...base, engine };
  ensureHqStaff(app.db, [{ channel: 'vk', userId: '1' }, { channel: 'telegram', userId: '1' }]);
  const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
  const order = await orderBoots(app, new TestBuyer(app, 'anna'));
  expect(order.handoffRound).toBe(1);
  return { app, shop, order };
}

/** Every warehouse button on an order, with and without the "yes, I am sure" argument, for every item. */
function everyWarehouseButton(orderId: number): string[] {
  return warehouseSteps.flatMap((_, step) => [0, 1, 2].map((arg) => encodeAction({ name: 'wh', id: orderId, step, arg })));
}

async function press(app: TestApp, ref: InboundEvent['ref'], data: string): Promise<Reply[]> {
  return app.engine.handle({ type: 'action', data, ref, eventId: `b${++eventNo}`, localeHint: 'ru' });
}

/** What must never reach a stranger: the recipient, phone, address and cash of the order. */
function secretsOf(order: { deliveryName: string; deliveryAddress: string; total: number }): string[] {
  return [order.deliveryName, '916 123 45 67', '9161234567', order.deliveryAddress, formatMoney(order.total, 'ru')];
}

describe('warehouse actions belong to the HQ bot', () => {
  it("a franchisee's VK community in its own chat 2000000001 pressing forged warehouse buttons changes nothing and reveals nothing", async () => {
    const { app, shop, order } = await network();
    const history = app.db.select().from(orderHistory).all();
    const forged = { storefrontId: shop.id, ...warehouseChat, userId: '666' };
    const seen: string[] = [];
    for (const data of everyWarehouseButton(order.id)) seen.push(textOf(await press(app, forged, data)));
    // Typed text in the chat (a tracking number) is not read either.
    seen.push(textOf(await app.engine.handle({ type: 'text', text: 'СДЭК 1234567890', ref: forged, eventId: `b${++eventNo}` })));
    const all = seen.join('\n');
    for (const secret of secretsOf(order)) expect(all).not.toContain(secret);
    expect(app.db.select().from(orders).get()).toEqual(order);
    expect(app.db.select().from(orderHistory).all()).toEqual(history);
    await app.flush!();
    expect(app.sent!.filter((n) => n.target.storefrontId === shop.id)).toEqual([]);

    // The same press through the HQ bot's chat does work: the forged one failed for the right reason.
    const real = await press(app, { storefrontId: app.storefront.id, ...warehouseChat, userId: '7' }, encodeAction({ name: 'wh', id: order.id, step: 0, arg: 0 }));
    expect(textOf(real)).toContain(order.deliveryName);
    expect(app.db.select().from(orders).get()!.status).toBe('accepted');
  });

  it("HQ staff in a private chat with a franchisee's bot are not the warehouse there, even without a warehouse chat", async () => {
    const { app, shop, order } = await network({});
    const hqInFranchisee = { storefrontId: shop.id, channel: 'telegram' as Channel, chatId: '1', userId: '1' };
    const seen: string[] = [];
    for (const data of everyWarehouseButton(order.id)) seen.push(textOf(await press(app, hqInFranchisee, data)));
    for (const secret of secretsOf(order)) expect(seen.join('\n')).not.toContain(secret);
    expect(app.db.select().from(orders).get()!.status).toBe(order.status);
    // In the HQ bot the same account is the warehouse.
    const real = await press(app, { ...hqInFranchisee, storefrontId: app.storefront.id }, encodeAction({ name: 'wh', id: order.id, step: 0, arg: 0 }));
    expect(textOf(real)).toContain(order.deliveryName);
  });

  it('the warehouse card does not show an order that was never handed to the warehouse', async () => {
    const base = createTestApp();
    const engine = createEngine({ db: base.db, i18n: base.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', warehouse: { chat: warehouseChat } });
    const app: TestApp = { ...base, engine };
    const buyer = new TestBuyer(app, 'anna');
    // Placed but not confirmed by the storefront: not the warehouse's yet.
    const order = await orderBoots(app, buyer);
    app.db.update(orders).set({ status: 'new', handoffRound: 0 }).run();
    const chat = { storefrontId: app.storefront.id, ...warehouseChat, userId: '7' };
    const seen = textOf(await press(app, chat, encodeAction({ name: 'wh', id: order.id, step: warehouseSteps.indexOf('card'), arg: 0 })));
    expect(seen).toBe('Такого заказа нет.');
    await press(app, chat, encodeAction({ name: 'wh', id: order.id, step: 0, arg: 0 }));
    expect(app.db.select().from(orders).get()!.status).toBe('new');
  });
});

describe('HQ commands only in the HQ bot', () => {
  /** Commands of the franchisor, with arguments that would work in the HQ bot. */
  const hqCommands = (shopId: number) => [
    `/pause ${shopId}`,
    `/resume ${shopId}`,
    '/rules 300 200',
    `/invite ${shopId}`,
    `/invite ${shopId} manager`,
    '/import https://feed.example.com/feed.xml',
    '/newshop Чужой магазин',
    '/shops',
    '/earnings',
    '/admin',
    '/orders',
    `/staff ${shopId}`,
    '/staff',
    '/revoke 1',
    `/connect ${shopId} telegram 123456789:${'X'.repeat(35)}`,
    '/find кеды',
    '/price 1 4990',
    '/autoconfirm вкл',
  ];

  it("an HQ account inside a franchisee's bot gets exactly a buyer's unknown-command answer and changes nothing", async () => {
    const base = createTestApp();
    ensureHqStaff(base.db, [{ channel: 'telegram', userId: '1' }]);
    const shop = createStorefront(base.db, { slug: 'kazan', name: 'Казань' });
    const inShop: TestApp = { ...base, storefront: shop };
    const hq = new TestBuyer(inShop, '1');
    const buyer = new TestBuyer(inShop, '2');
    const before = {
      shops: base.db.select().from(storefronts).all(),
      rules: base.db.select().from(franchiseSettings).all(),
      invites: base.db.$client.prepare('select * from invites').all(),
      staff: base.db.$client.prepare('select * from staff').all(),
    };
    for (const command of hqCommands(shop.id)) {
      const asHq = await hq.say(command);
      const asBuyer = await buyer.say(command);
      expect(asHq, command).toEqual(asBuyer);
    }
    expect(hq.text).toContain('Не знаю команду /autoconfirm');
    expect(base.db.select().from(storefronts).all()).toEqual(before.shops);
    expect(base.db.select().from(franchiseSettings).all()).toEqual(before.rules);
    expect(base.db.$client.prepare('select * from invites').all()).toEqual(before.invites);
    expect(base.db.$client.prepare('select * from staff').all()).toEqual(before.staff);

    // The same account in the HQ bot is HQ: the refusals above were about the bot, not the account.
    const atHome = new TestBuyer(base, '1');
    await atHome.say(`/pause ${shop.id}`);
    expect(atHome.text).toContain('приостановлен');
  });

  it("an HQ account that also owns the franchisee's storefront manages it there, but runs no HQ command there", async () => {
    const base = createTestApp();
    ensureHqStaff(base.db, [{ channel: 'telegram', userId: '1' }]);
    const shop = createStorefront(base.db, { slug: 'kazan', name: 'Казань' });
    const inShop: TestApp = { ...base, storefront: shop };
    const hq = new TestBuyer(inShop, '1');
    await hq.say(`/join ${createInvite(base.db, shop.id)}`);
    await hq.say('/admin');
    expect(hq.text).toContain('Управление магазином «Казань» (вы — владелец)');
    expect(hq.text).not.toContain('/newshop');
    await hq.say('/rules 300 200');
    expect(hq.text).toContain('Не знаю команду /rules');
  });
});

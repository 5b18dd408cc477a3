import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, outbox, staff, storefronts } from '../../src/db/schema.js';
import { loadHandoff } from '../../src/fulfillment/handoff.js';
import { createFulfillmentProvider } from '../../src/fulfillment/registry.js';
import { listStaff } from '../../src/franchise/staff-roster.js';
import { createInvite, ensureHqStaff, roleIn } from '../../src/franchise/staff-service.js';
import { moveOrder } from '../../src/orders/order-lifecycle.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, orderBoots, TestBuyer } from '../helpers/engine-harness.js';

describe('the franchisor’s own storefront has no franchisee in it', () => {
  it('HQ cannot make an owner invite for it (whose /connect would put their bot in the HQ bot’s place); a manager invite still works', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const hq = new TestBuyer(app, '1');
    await hq.say(`/invite ${app.storefront.id}`);
    expect(hq.text).toContain('нет владельца');
    await hq.say(`/invite ${app.storefront.id} manager`);
    expect(hq.text).toMatch(/\/join [A-Z0-9]{8}/);
  });

  it('an owner row left on it from before cannot /connect a bot there: /connect is an unknown command to them', async () => {
    const app = createTestApp();
    app.db.insert(staff).values({ storefrontId: app.storefront.id, role: 'owner', channel: 'telegram', userId: '77', chatId: '77' }).run();
    const before = app.db.select().from(storefronts).all();
    const owner = new TestBuyer(app, '77');
    const buyer = new TestBuyer(app, '78');
    await owner.say(`/connect vk 999 ${'t'.repeat(40)}`);
    await buyer.say(`/connect vk 999 ${'t'.repeat(40)}`);
    expect(owner.text).toBe(buyer.text);
    expect(owner.text).toContain('/connect');
    expect(app.db.select().from(storefronts).all()).toEqual(before);
  });

  it('without a warehouse chat, warehouse cards (every order’s recipient and cash) go to HQ only, not to the HQ shop’s managers', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    await new TestBuyer(app, '1').say('/start');
    const manager = new TestBuyer(app, '50');
    await manager.say(`/join ${createInvite(app.db, app.storefront.id, 'manager')}`);
    expect(roleIn(app.db, app.storefront.id, { channel: 'telegram', userId: '50' })).toBe('manager');
    const order = await orderBoots(app, new TestBuyer(app, 'anna'));
    const provider = createFulfillmentProvider({ provider: 'warehouse-chat' }, { db: app.db, hqStorefrontId: app.storefront.id });
    await provider.submit(loadHandoff(app.db, order.id, 1)!);
    const cards = app.db.select().from(outbox).where(eq(outbox.kind, 'warehouse-card')).all();
    expect(cards.map((c) => c.recipient)).toEqual([`${app.storefront.id}:telegram:1`]);
  });
});

describe('removing staff removes all of their access at once', () => {
  it('two invites redeemed by one account leave one role, and /revoke ends it', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
    const joiner = new TestBuyer(app, '60');
    await joiner.say(`/join ${createInvite(app.db, shop.id, 'owner')}`);
    await joiner.say(`/join ${createInvite(app.db, shop.id, 'manager')}`);
    const rows = app.db.select().from(staff).where(and(eq(staff.storefrontId, shop.id), eq(staff.userId, '60'))).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.role).toBe('manager');
    const hq = new TestBuyer(app, '1');
    await hq.say(`/revoke ${rows[0]!.id}`);
    expect(roleIn(app.db, shop.id, { channel: 'telegram', userId: '60' })).toBeUndefined();
  });

  it('messages still waiting for a revoked manager (with buyers’ details) are not sent to them', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const manager = new TestBuyer(app, '50');
    await manager.say(`/join ${createInvite(app.db, app.storefront.id, 'manager')}`);
    const to = `${app.storefront.id}:telegram:50`;
    app.db.insert(outbox).values({ kind: 'new-order', key: 'held', storefrontId: app.storefront.id, recipient: to, payload: '{}', dueAt: Date.now() + 3_600_000 }).run();
    const id = listStaff(app.db, app.storefront.id, app.storefront.id).find((m) => m.userId === '50')!.id;
    await new TestBuyer(app, '1').say(`/revoke ${id}`);
    expect(app.db.select().from(outbox).where(eq(outbox.recipient, to)).all()).toEqual([]);
  });
});

describe('a refused parcel', () => {
  it('needs no recipient any more: /forget erases its name, phone and address at once', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app, 'anna');
    const order = await orderBoots(app, buyer);
    const path = ['sent', 'accepted', 'packed', 'shipped', 'refused'] as const;
    for (const to of path.slice(path.indexOf(order.status as (typeof path)[number]) + 1)) {
      const moved = moveOrder(app.db, { storefrontId: app.storefront.id, orderId: order.id, to, actor: 'warehouse', note: to === 'shipped' ? 'СДЭК 1234567890' : undefined });
      expect(moved.ok).toBe(true);
    }
    await buyer.say('/forget');
    await buyer.press('Да, удалить');
    const erased = app.db.select().from(orders).where(eq(orders.id, order.id)).get()!;
    expect(erased.status).toBe('refused');
    expect([erased.deliveryName, erased.deliveryPhone, erased.deliveryAddress]).toEqual(['—', '—', '—']);
  });
});

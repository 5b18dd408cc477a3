import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, storefrontProducts, storefronts, variants } from '../../src/db/schema.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { cartWithBoots, createTestApp, fillCheckoutForm, productBySku, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

/** A network: HQ (telegram:1), storefront A (the default) and B, each with an owner who joined by invite. */
async function network() {
  const app = createTestApp();
  ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
  const b = createStorefront(app.db, { slug: 'b', name: 'Магазин Б' });
  const ownerA = new TestBuyer(app, '10');
  await ownerA.say(`/join ${createInvite(app.db, app.storefront.id)}`);
  expect(ownerA.text).toContain('владелец магазина «Тестовый магазин»');
  const appB: TestApp = { ...app, storefront: b };
  const ownerB = new TestBuyer(appB, '20');
  await ownerB.say(`/join ${createInvite(app.db, b.id)}`);
  expect(ownerB.text).toContain('владелец магазина «Магазин Б»');
  return { app, appB, b, ownerA, ownerB, hq: new TestBuyer(app, '1') };
}

async function placeOrder(app: TestApp, userId = 'buyer1') {
  const buyer = new TestBuyer(app, userId);
  await cartWithBoots(buyer);
  await buyer.press('Оформить заказ');
  await fillCheckoutForm(buyer);
  await buyer.press('Подтвердить заказ');
  return { buyer, order: app.db.select().from(orders).where(eq(orders.storefrontId, app.storefront.id)).all().at(-1)! };
}

describe('staff of a storefront', () => {
  it('are told of a new order at once, confirm it, and the buyer hears about it', async () => {
    const { app, ownerA } = await network();
    await ownerA.say('/admin'); // so the bot knows where to reach them
    const { order } = await placeOrder(app);
    const alert = app.sent!.find((n) => n.target.chatId === '10')!;
    expect(alert.replies[0]!.text).toContain(`Новый заказ № ${order.number}`);
    // The HQ of the default storefront is told too once they have written; owner B never.
    expect(app.sent!.some((n) => n.target.chatId === '20')).toBe(false);
    ownerA.last = alert.replies;
    await ownerA.press('Подтвердить');
    expect(ownerA.text).toContain('Заказ подтверждён');
    expect(app.db.select().from(orders).get()!.status).toBe('confirmed');
    const toBuyer = app.sent!.find((n) => n.target.chatId === 'buyer1')!;
    expect(toBuyer.replies[0]!.text).toBe(`📦 Заказ № ${order.number}\n✅ Продавец подтвердил заказ, передаём его на склад.`);
    // A second confirmation is refused with the reason.
    await ownerA.event({ type: 'action', data: `xc:${order.id}` });
    expect(ownerA.text).toContain('Так нельзя: заказ уже в статусе «✅ подтверждён»');
  });

  it('cancel an order with a typed reason: stock returns, the buyer reads the reason', async () => {
    const { app, ownerA } = await network();
    const stock = () => app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!.stock;
    const before = stock();
    const { order } = await placeOrder(app);
    expect(stock()).toBe(before - 1);
    await ownerA.say(`/order ${order.number}`);
    await ownerA.press('Отменить');
    expect(ownerA.text).toContain('Почему отменяем');
    await ownerA.say('Размер 39 закончился на складе');
    expect(ownerA.text).toContain('Заказ отменён');
    expect(stock()).toBe(before);
    expect(app.sent!.at(-1)!.replies[0]!.text).toContain('Причина: Размер 39 закончился на складе');
    await ownerA.say(`/order ${order.number}`);
    expect(ownerA.text).toContain('Размер 39 закончился на складе');
  });

  it('auto-confirm orders when the storefront says so', async () => {
    const { app, ownerA } = await network();
    await ownerA.say('/autoconfirm вкл');
    const { buyer, order } = await placeOrder(app);
    expect(order.status).toBe('confirmed');
    expect(buyer.text).toContain('оформлен и подтверждён');
  });

  it('set prices within the network minimum, a markup, hide products and categories, mark bestsellers', async () => {
    const { app, ownerA } = await network();
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    await ownerA.say(`/price ${boots.id} 100`);
    expect(ownerA.text).toContain('ниже минимальной цены сети');
    await ownerA.say(`/price ${boots.id} 5990`);
    expect(ownerA.text).toContain('Новая цена: 5 990 ₽');
    const buyer = new TestBuyer(app, 'b7');
    await buyer.say(`/start p${boots.id}`);
    expect(buyer.text).toContain('5 990 ₽');
    await ownerA.say('/markup 10');
    expect(ownerA.text).toContain('ниже минимальной в сети');
    await ownerA.say('/markup 60');
    expect(app.db.select().from(storefronts).where(eq(storefronts.id, app.storefront.id)).get()!.markupPercent).toBe(60);
    await ownerA.say(`/find челси`);
    await ownerA.press('Ботинки челси');
    expect(ownerA.text).toMatch(/Остатки: 36: \d+/);
    await ownerA.press('Скрыть');
    expect(ownerA.text).toContain('Товар скрыт');
    await buyer.say(`/start p${boots.id}`);
    expect(buyer.text).toContain('больше не продаётся');
    await ownerA.press('Сделать хитом');
    expect(app.db.select().from(storefrontProducts).get()).toMatchObject({ hidden: true, bestseller: true });
    await ownerA.say('/cats');
    const shoes = /#(\d+) Обувь/.exec(ownerA.text)![1];
    await ownerA.say(`/hidecat ${shoes}`);
    await buyer.say('/catalog');
    expect(buyer.text).not.toContain('Обувь');
  });
});

describe('own photo and description', () => {
  it('replaces a product photo (in the messenger it was sent to) and description in one storefront only', async () => {
    const { app, appB, ownerA } = await network();
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    await ownerA.say(`/photo ${boots.id}`);
    expect(ownerA.text).toContain('Пришлите фото');
    await ownerA.event({ type: 'photo', fileRef: 'tg:AgADBAADown' });
    expect(ownerA.text).toContain('Фото заменено');
    await ownerA.say(`/desc ${boots.id} Садятся по размеру, проверено.`);
    const tgBuyer = new TestBuyer(app, 'tgb');
    await tgBuyer.say(`/start p${boots.id}`);
    const card = tgBuyer.last.find((r) => r.photo)!;
    expect(card.photo).toBe('tg:AgADBAADown');
    expect(card.text).toContain('Садятся по размеру, проверено.');
    // A VK buyer cannot see a Telegram file: the warehouse picture stays; storefront B is untouched.
    const vkBuyer = new TestBuyer(app, 'vkb', 'ru', 'vk');
    await vkBuyer.say(`/start p${boots.id}`);
    expect(vkBuyer.last.find((r) => r.photo)!.photo).toBe(boots.pictures[0]);
    const bBuyer = new TestBuyer(appB, 'bb');
    await bBuyer.say(`/start p${boots.id}`);
    expect(bBuyer.text).toContain(boots.description);
    expect(bBuyer.last.find((r) => r.photo)!.photo).toBe(boots.pictures[0]);
    await ownerA.say(`/photo ${boots.id} сброс`);
    await tgBuyer.say(`/start p${boots.id}`);
    expect(tgBuyer.last.find((r) => r.photo)!.photo).toBe(boots.pictures[0]);
  });
});

describe('isolation: nobody manages a storefront they were not given', () => {
  const commands = ['/desc 1 Чужое описание', '/photo 1', '/pause 2', '/resume 2', '/admin', '/find челси', '/product 1', '/hide 1', '/show 1', '/top 1', '/price 1 9990', '/markup 90', '/cats', '/hidecat 1', '/showcat 1', '/order 1001', '/autoconfirm вкл', '/newshop Чужой', '/invite 1', '/shops', '/rules 10 5', '/import https://example.com/feed.xml', '/earnings', '/earnings csv'];

  it('refuses every staff command to a buyer and to the owner of another storefront, like an unknown command, changing nothing', async () => {
    const { app, ownerB } = await network();
    await placeOrder(app);
    const stranger = new TestBuyer(app, 'stranger');
    // Owner B writes to storefront A's bot.
    const ownerBInA = new TestBuyer(app, ownerB.userId);
    const snapshot = () => JSON.stringify([app.db.select().from(storefronts).all(), app.db.select().from(storefrontProducts).all(), app.db.select().from(orders).all()]);
    const before = snapshot();
    for (const who of [stranger, ownerBInA]) {
      for (const command of commands) {
        await who.say(command);
        expect(who.text, `${who.userId} ${command}`).toContain('Не знаю команду');
      }
    }
    expect(snapshot()).toBe(before);
    expect(app.sent!.filter((n) => n.target.chatId === 'stranger' || n.target.chatId === ownerB.userId)).toEqual([]);
  });

  it('refuses staff buttons and never shows another storefront\'s orders', async () => {
    const { app, appB, ownerB } = await network();
    const { order } = await placeOrder(app);
    for (const data of [`xd:${order.id}`, `xc:${order.id}`, `xx:${order.id}`, `xr:${order.id}:0`, `xs:${order.id}`, `xz:${order.id}`, `xh:1`, `xt:1`, 'xo:0:0', 'xe:0:1', 'x']) {
      await ownerB.event({ type: 'action', data });
      expect(ownerB.text, data).not.toContain(order.deliveryName);
      expect(ownerB.text, data).not.toContain(`№ ${order.number}`);
    }
    expect(app.db.select().from(orders).get()!.status).toBe('new');
    // In their own storefront, B's owner sees B's (empty) order list.
    await ownerB.say('/orders');
    expect(ownerB.text).toContain('Таких заказов нет');
    void appB;
  });

  it('HQ creates a storefront and an invite; codes work once; a wrong code is explained', async () => {
    const { app, hq } = await network();
    await hq.say('/newshop Сарафан Казань');
    const code = /\/join ([A-Z0-9]{8})/.exec(hq.text)![1]!;
    const shop = app.db.select().from(storefronts).all().at(-1)!;
    expect(shop.name).toBe('Сарафан Казань');
    // The franchisee redeems the code in the HQ bot; they become staff of their own shop, not of the HQ's.
    const franchisee = new TestBuyer(app, 'f1');
    await franchisee.say(`/join ${code.toLowerCase()}`);
    expect(franchisee.text).toContain('владелец магазина «Сарафан Казань»');
    await franchisee.say('/orders');
    expect(franchisee.text).not.toContain('Заказы —');
    const inOwnShop = new TestBuyer({ ...app, storefront: shop }, 'f1');
    await inOwnShop.say('/admin');
    expect(inOwnShop.text).toContain('Управление магазином «Сарафан Казань»');
    const other = new TestBuyer({ ...app, storefront: shop }, 'f2');
    await other.say(`/join ${code}`);
    expect(other.text).toContain('уже использован');
    await other.say('/join NOPE1234');
    expect(other.text).toContain('Такого кода приглашения нет');
    await hq.say('/rules 80 20');
    expect(hq.text).toContain('рекомендованная наценка 80%, минимальная 20%');
  });
});

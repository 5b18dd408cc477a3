import { afterEach, describe, expect, it } from 'vitest';
import { orderHistory, orders } from '../../src/db/schema.js';
import type { FakeUser } from '../helpers/fake-telegram.js';
import { pino } from 'pino';
import { createVkAdapter } from '../../src/adapters/vk/vk-adapter.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { startFakeVk, type FakeVk, type VkUser } from '../helpers/fake-vk.js';
import { anna } from '../helpers/telegram-harness.js';
import { buyBoots, startShopHarness, until, type ShopHarness } from '../helpers/shop-harness.js';

const warehouseChat = -1001234567890;
const picker: FakeUser = { id: 7001, first_name: 'Пётр', language_code: 'ru' };
const stranger: FakeUser = { id: 7002, first_name: 'Чужой', language_code: 'ru' };
let shop: ShopHarness | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

describe('warehouse-chat provider through the real Telegram client', () => {
  it('posts the order to the warehouse group; the warehouse moves it to delivered by buttons; the buyer hears each stage', async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { tg, db } = shop;
    tg.group(warehouseChat, 'Склад');
    const order = await buyBoots(shop);
    await until(() => (tg.lastMessage(warehouseChat)?.text ?? '').includes('S-'), 'the warehouse card');
    const card = tg.lastMessage(warehouseChat)!.text!;
    expect(card).toMatch(new RegExp(`^📦 Заказ S-${String(order.id).padStart(6, '0')} от \\d\\d\\.\\d\\d, \\d\\d:\\d\\d · магазин «Сарафан»\nСтатус: 🆕 новый — соберите`));
    expect(card).toContain('Ботинки челси замшевые, размер 39 (арт. SHOE-CHELSEA-01-39) — 1 шт.');
    expect(card).toContain('👤 Анна Смирнова, +7 916 123 45 67');
    expect(card).toContain('📍 Вологда, ул. Мира, 5, кв. 12');
    expect(db.select().from(orders).get()!.status).toBe('sent');

    // Someone else's group: the bot does not react at all.
    tg.group(-100999, 'Другой чат');
    tg.sendGroupText(-100999, stranger, 'привет');
    await tg.settle();
    expect(tg.lastMessage(-100999)).toBeUndefined();

    const press = async (label: string) => {
      tg.pressLatestIn(warehouseChat, picker, label);
      await tg.settle();
    };
    await press('🏬 Принят в сборку');
    expect(tg.lastMessage(warehouseChat)!.text).toContain(`✅ S-${String(order.id).padStart(6, '0')} (Анна Смирнова): 🏬 в сборке.`);
    await press('📦 Упакован');
    await press('🚚 Отправлен');
    expect(tg.lastMessage(warehouseChat)!.text).toContain('напишите службу доставки и трек-номер');
    tg.sendGroupText(warehouseChat, picker, 'СДЭК 1234567890', tg.lastMessage(warehouseChat)!.message_id);
    await tg.settle();
    expect(tg.lastMessage(warehouseChat)!.text).toContain('🚚 СДЭК, трек-номер 1234567890');
    await press('💵 Доставлен и оплачен');
    // Money changes hands on this one: asked once more.
    expect(tg.lastMessage(warehouseChat)!.text).toContain('доставлен и оплачен (деньги получены)? Из чата это уже не отменить.');
    expect(db.select().from(orders).get()!.status).toBe('shipped');
    await press('✅ Да, отметить');
    expect(db.select().from(orders).get()!).toMatchObject({ status: 'delivered', carrier: 'СДЭК', trackingNumber: '1234567890', codCollected: order.total });

    // Who pressed what is in the history.
    const history = db.select().from(orderHistory).all().map((h) => [h.toStatus, h.actor]);
    expect(history).toContainEqual(['packed', `supplier:warehouse-chat:telegram:${picker.id}`]);
    await until(() => tg.chat(anna.id).some((m) => (m.text ?? '').includes('Заказ получен')), 'the thanks');
    const told = tg.chat(anna.id).map((m) => m.text ?? '').filter((t) => t.startsWith('📦 Заказ №'));
    // Confirmed at checkout (the storefront confirms by itself): the buyer read that on the spot.
    expect(told.map((t) => t.split('\n')[1])).toEqual([
      '🏬 Склад принял заказ и собирает его.',
      '📦 Заказ упакован и скоро поедет к вам.',
      '🚚 Заказ передан в доставку.',
      '🎉 Заказ получен — спасибо за покупку! Будем рады видеть вас снова.',
    ]);
  });

  it('a double tap records the stage once', async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { tg, db } = shop;
    tg.group(warehouseChat, 'Склад');
    await buyBoots(shop);
    await until(() => (tg.lastMessage(warehouseChat)?.text ?? '').includes('S-'), 'the warehouse card');
    const cardId = tg.lastMessage(warehouseChat)!.message_id;
    // Two people (or two fingers) press the same button on the same card before it changes.
    const data = (tg.lastMessage(warehouseChat)!.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard[0]![0]!.callback_data;
    tg.pressButton(picker, cardId, data, warehouseChat);
    tg.pressButton(stranger, cardId, data, warehouseChat);
    await tg.settle();
    expect(tg.lastMessage(warehouseChat)!.text).toContain('ℹ️ Уже отмечено раньше');
    expect(db.select().from(orderHistory).all().filter((h) => h.toStatus === 'accepted')).toHaveLength(1);
  });
});

describe('warehouse chat with several people and several orders', () => {
  const packer: FakeUser = { id: 7003, first_name: 'Ира', language_code: 'ru' };
  const boris: FakeUser = { id: 5002, first_name: 'Борис', language_code: 'ru' };
  const cardOf = (s: ShopHarness, orderId: number) =>
    s.tg.chat(warehouseChat).filter((m) => (m.text ?? '').includes(`Заказ S-${String(orderId).padStart(6, '0')} от`)).at(-1)!;
  const pressOn = async (s: ShopHarness, orderId: number, who: FakeUser, label: string) => {
    s.tg.pressButton(who, cardOf(s, orderId).message_id, label, warehouseChat);
    await s.tg.settle();
  };

  it('each person\'s tracking number lands on the order they shipped, whatever order they type in', async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { tg, db } = shop;
    tg.group(warehouseChat, 'Склад');
    const first = await buyBoots(shop, anna);
    const second = await buyBoots(shop, boris);
    await until(() => tg.chat(warehouseChat).length >= 2, 'two cards');
    for (const order of [first, second]) {
      await pressOn(shop, order.id, picker, '🏬 Принят в сборку');
      await pressOn(shop, order.id, picker, '📦 Упакован');
    }
    // Пётр ships the first order, Ира the second; Ира answers first.
    await pressOn(shop, first.id, picker, '🚚 Отправлен');
    await pressOn(shop, second.id, packer, '🚚 Отправлен');
    tg.sendGroupText(warehouseChat, packer, 'Почта 80081234567890', tg.lastMessage(warehouseChat)!.message_id);
    await tg.settle();
    tg.sendGroupText(warehouseChat, picker, 'СДЭК 1111111111');
    await tg.settle();
    const tracking = (id: number) => db.select().from(orders).all().find((o) => o.id === id)!;
    expect(tracking(first.id)).toMatchObject({ status: 'shipped', carrier: 'СДЭК', trackingNumber: '1111111111' });
    expect(tracking(second.id)).toMatchObject({ status: 'shipped', carrier: 'Почта', trackingNumber: '80081234567890' });
    // Someone with nothing to answer is not read.
    tg.sendGroupText(warehouseChat, stranger, '12345678');
    await tg.settle();
    expect(tg.lastMessage(warehouseChat)!.text).not.toContain('12345678');
  });

  it('out of stock in an order of several items: the warehouse ticks what is missing, the buyer hears about that item only', async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { tg, db } = shop;
    tg.group(warehouseChat, 'Склад');
    const order = await buyBoots(shop, anna, ['39', '41']);
    await until(() => tg.chat(warehouseChat).length >= 1, 'the card');
    await pressOn(shop, order.id, picker, '⚠️ Нет в наличии');
    expect(tg.lastMessage(warehouseChat)!.text).toContain('чего нет? Отметьте каждую отсутствующую позицию');
    tg.pressLatestIn(warehouseChat, picker, '✅ Готово');
    await tg.settle();
    expect(tg.lastMessage(warehouseChat)!.text).toContain('Не отмечено ни одной позиции.');
    tg.pressLatestIn(warehouseChat, picker, '⬜ 2. Ботинки челси замшевые, 41');
    await tg.settle();
    tg.pressLatestIn(warehouseChat, picker, '✅ Готово');
    await tg.settle();
    expect(db.select().from(orders).get()!.status).toBe('needs_attention');
    expect(tg.lastMessage(warehouseChat)!.text).toContain('⚠️ нет в наличии — ждём решения покупателя');
    const stock = db.$client.prepare("select offer_id as offer, stock from variants where offer_id in ('SHOE-CHELSEA-01-39', 'SHOE-CHELSEA-01-41') order by offer_id").all();
    expect(stock).toEqual([expect.objectContaining({ offer: 'SHOE-CHELSEA-01-39' }), { offer: 'SHOE-CHELSEA-01-41', stock: 0 }]);
    expect((stock[0] as { stock: number }).stock).toBeGreaterThan(0);
    await until(() => (tg.lastMessage(anna.id)?.text ?? '').includes('На складе закончилось'), 'the offer to the buyer');
    expect(tg.lastMessage(anna.id)!.text).toContain('На складе закончилось: Ботинки челси замшевые, размер 41.');
  });

  it('"back" from the question leaves the order as it was', async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { tg, db } = shop;
    tg.group(warehouseChat, 'Склад');
    const order = await buyBoots(shop);
    await until(() => tg.chat(warehouseChat).length >= 1, 'the card');
    await pressOn(shop, order.id, picker, '⚠️ Нет в наличии');
    expect(tg.lastMessage(warehouseChat)!.text).toContain('товара нет в наличии (покупателю предложим замену)?');
    tg.pressLatestIn(warehouseChat, picker, '↩️ Назад к заказу');
    await tg.settle();
    expect(tg.lastMessage(warehouseChat)!.text).toContain('Статус: 🆕 новый — соберите');
    expect(db.select().from(orders).get()!.status).toBe('sent');
  });
});

describe('warehouse-chat provider in a VK chat through the real vk-io client', () => {
  const vkChat = 2000000001;
  const olga: VkUser = { id: 3001, first_name: 'Ольга', last_name: 'Петрова', lang_id: 0 };
  const vkPicker: VkUser = { id: 3100, first_name: 'Пётр', last_name: 'Склад', lang_id: 0 };
  const franchisee: VkUser = { id: 4100, first_name: 'Франчайзи', last_name: 'Хитрый', lang_id: 0 };

  it('a VK buyer\'s order is posted to the VK warehouse chat, worked by its buttons, and the buyer hears each stage in VK', async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `vk:${vkChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { vk, db } = shop;
    const step = async (fn: () => void) => {
      fn();
      await vk.settle();
    };
    await vkBuyBoots(vk, db, olga);
    const order = db.select().from(orders).get()!;
    await until(() => (vk.lastMessage(vkChat)?.text ?? '').includes('S-'), 'the card in the VK chat');
    expect(vk.lastMessage(vkChat)!.text).toContain(`📦 Заказ S-${String(order.id).padStart(6, '0')} от `);

    // A message in some other chat the community is in gets no answer.
    await step(() => vk.sendChatText(2000000002, vkPicker, 'всем привет'));
    expect(vk.messages(2000000002)).toHaveLength(0);

    await step(() => vk.pressInChat(vkChat, vkPicker, '🏬 Принят в сборку'));
    await step(() => vk.pressInChat(vkChat, vkPicker, '📦 Упакован'));
    await step(() => vk.pressInChat(vkChat, vkPicker, '🚚 Отправлен'));
    expect(vk.lastMessage(vkChat)!.text).toContain('напишите службу доставки и трек-номер');
    // Without access to every chat message, VK delivers only what mentions the community.
    await step(() => vk.sendChatText(vkChat, vkPicker, `[club${vk.groupId}|@sarafan] СДЭК 1234567890`));
    expect(vk.lastMessage(vkChat)!.text).toContain('🚚 СДЭК, трек-номер 1234567890');
    await step(() => vk.pressInChat(vkChat, vkPicker, '💵 Доставлен и оплачен'));
    await step(() => vk.pressInChat(vkChat, vkPicker, '✅ Да, отметить'));
    expect(db.select().from(orders).get()!).toMatchObject({ status: 'delivered', trackingNumber: '1234567890' });
    const history = db.select().from(orderHistory).all().map((h) => [h.toStatus, h.actor]);
    expect(history).toContainEqual(['packed', `supplier:warehouse-chat:vk:${vkPicker.id}`]);
    await until(() => vk.messages(olga.id).some((m) => m.text.includes('Заказ получен')), 'the thanks in VK');
    const told = vk.messages(olga.id).map((m) => m.text).filter((t) => t.startsWith('📦 Заказ №'));
    // Confirmed at checkout (the storefront confirms by itself): the buyer read that on the spot.
    expect(told.map((t) => t.split('\n')[1])).toEqual([
      '🏬 Склад принял заказ и собирает его.',
      '📦 Заказ упакован и скоро поедет к вам.',
      '🚚 Заказ передан в доставку.',
      '🎉 Заказ получен — спасибо за покупку! Будем рады видеть вас снова.',
    ]);
  });

  it("a franchisee's own VK community in its own chat 2000000001 pressing forged warehouse buttons changes nothing and reveals nothing", async () => {
    shop = await startShopHarness({ WAREHOUSE_CHAT_ID: `vk:${vkChat}`, AUTO_CONFIRM_ORDERS: 'true' });
    const { vk, db } = shop;
    const step = async (target: FakeVk, fn: () => void) => {
      fn();
      await target.settle();
    };
    await vkBuyBoots(vk, db, olga);
    await until(() => (vk.lastMessage(vkChat)?.text ?? '').includes('S-'), 'the card in the HQ warehouse chat');
    const order = db.select().from(orders).get()!;
    const history = db.select().from(orderHistory).all();
    // The franchisee knows the button format: every stage of the order, "sure" included.
    const payloads = (vk.lastMessage(vkChat)!.keyboard.buttons as Array<Array<{ action: { payload: string } }>>).flat().map((b) => b.action.payload);
    expect(payloads.length).toBeGreaterThan(0);
    const forged = Array.from({ length: 10 }, (_, n) => [0, 1].map((arg) => payloads[0]!.replace(/w:\d+:\d+:\d+/, `w:${order.id}:${n}:${arg}`))).flat();
    expect(forged[0]).not.toBe(forged[1]);

    const own = await startFakeVk({ groupId: 200000777 });
    const franchise = createStorefront(db, { slug: 'kazan', name: 'Казань' });
    const ownBot = createVkAdapter({ token: own.token, groupId: own.groupId, apiBaseUrl: own.apiBaseUrl, storefrontId: franchise.id, engine: shop.engine, media: createMediaCache(db), logger: pino({ level: 'silent' }), pollWaitSeconds: 5, retryDelayMs: 50 });
    own.alsoWaitFor(() => ownBot.pending() > 0);
    await ownBot.startPolling();
    try {
      for (const payload of forged) {
        await step(own, () => own.pushUpdate({ type: 'message_event', object: { user_id: franchisee.id, peer_id: vkChat, event_id: `e${Math.random()}`, conversation_message_id: 1, payload: JSON.parse(payload) } }));
      }
      await step(own, () => own.sendChatText(vkChat, franchisee, `[club${own.groupId}|@shop] СДЭК 1234567890`));
      const revealed = own.calls.map((c) => JSON.stringify(c.params)).join('\n');
      for (const secret of ['Ольга Петрова', '916 123 45 67', '9161234567', 'ул. Мира', 'Вологда']) expect(revealed).not.toContain(secret);
      expect(own.messages(vkChat)).toHaveLength(0);
      expect(db.select().from(orders).get()).toEqual(order);
      expect(db.select().from(orderHistory).all()).toEqual(history);
    } finally {
      await ownBot.stop();
      await own.close();
    }
  });
});

/** A VK buyer orders the demo Chelsea boots in size 39 through the HQ community. */
async function vkBuyBoots(vk: FakeVk, db: ShopHarness['db'], buyer: VkUser) {
  const step = async (fn: () => void) => {
    fn();
    await vk.settle();
  };
  const boots = db.$client.prepare("select id from products where sku = 'SHOE-CHELSEA-01'").get() as { id: number };
  await step(() => vk.sendText(buyer, 'Начать', { ref: `p${boots.id}` }));
  await step(() => vk.press(buyer, '39'));
  await step(() => vk.press(buyer, 'Оформить заказ'));
  await step(() => vk.press(buyer, 'Согласен'));
  for (const answer of ['Ольга Петрова', '+79161234567', 'Вологда', 'ул. Мира, 5, кв. 12']) await step(() => vk.sendText(buyer, answer));
  await step(() => vk.press(buyer, 'Пропустить'));
  await step(() => vk.press(buyer, 'Подтвердить заказ'));
}

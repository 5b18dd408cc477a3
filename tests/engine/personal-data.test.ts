import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buyers, consents, dialogues, orderHistory, orders, outbox, sellerQuestions } from '../../src/db/schema.js';
import { createI18n } from '../../src/shared/i18n.js';
import { noticeVersion } from '../../src/engine/screens/personal-data.js';
import { advanceOrder, moveOrder } from '../../src/orders/order-lifecycle.js';
import { cartWithBoots, createTestApp, fillCheckoutForm, orderBoots, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

/** A buyer who reads the notice before deciding (the harness's buyers agree at once). */
function careful(app: TestApp, ...args: ConstructorParameters<typeof TestBuyer> extends [unknown, ...infer R] ? R : never): TestBuyer {
  const buyer = new TestBuyer(app, ...args);
  buyer.agreesToNotice = false;
  return buyer;
}

const finish = (app: TestApp, orderId: number) => advanceOrder(app.db, { orderId, to: 'delivered', actor: 'supplier:test' });

describe('consent to personal data before the first checkout', () => {
  it('shows what is collected, why, who sees it and how to erase it before asking the name, and records the tap', async () => {
    const app = createTestApp();
    const buyer = careful(app);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    expect(buyer.text).toContain('имя получателя, телефон, город и адрес доставки, комментарий к заказу, а также ваше имя в мессенджере');
    expect(buyer.text).toContain('оплатой при получении');
    expect(buyer.text).toContain('этот магазин, франчайзер сети (владелец каталога), склад, который соберёт заказ, и служба доставки');
    expect(buyer.text).toContain('/forget');
    expect(buyer.text).not.toContain('Как зовут получателя');
    // Typed text before agreeing is not taken as a form answer.
    await buyer.say('Анна Смирнова');
    const state = JSON.parse(app.db.select().from(dialogues).get()!.state) as { checkout?: unknown };
    expect(state.checkout).toBeUndefined();
    await buyer.say('/cart');
    await buyer.press('Оформить заказ');
    await buyer.press('✅ Согласен');
    expect(buyer.text).toContain('Как зовут получателя');
    const [consent] = app.db.select().from(consents).all();
    expect(consent).toMatchObject({
      storefrontId: app.storefront.id,
      kind: 'personal-data',
      channel: 'telegram',
      textVersion: noticeVersion(app.i18n),
      source: 'checkout',
      withdrawnAt: null,
    });
    expect(Date.now() - consent!.givenAt).toBeLessThan(10_000);
    await fillCheckoutForm(buyer);
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('оформлен');
    // The next checkout does not ask again.
    await cartWithBoots(buyer, '40');
    await buyer.press('Оформить заказ');
    expect(buyer.text).not.toContain('Согласен');
    expect(app.db.select().from(consents).all()).toHaveLength(1);
  });

  it('declining keeps the cart, says checkout needs the consent, and agreeing later is one tap', async () => {
    const app = createTestApp();
    const buyer = careful(app, 'u1', 'en', 'vk', 'Kate Lee');
    await cartWithBoots(buyer);
    await buyer.press('Place order');
    expect(buyer.text).toContain('Who sees it: this shop, the franchisor');
    await buyer.press('Not now');
    expect(buyer.text).toContain('cannot be placed without consent');
    expect(buyer.text).toContain('Your cart is kept');
    expect(app.db.select().from(consents).all()).toHaveLength(0);
    expect(buyer.button('Cart').label).toContain('1');
    await buyer.press('✅ I agree');
    expect(buyer.text).toContain('Who will receive the order?');
    expect(app.db.select().from(consents).get()).toMatchObject({ channel: 'vk', kind: 'personal-data' });
  });

  it('asks again when the franchisor changes the notice: the version is a hash of its wording', async () => {
    const app = createTestApp();
    const buyer = careful(app);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.press('✅ Согласен');
    // A consent to another wording (the one before the franchisor's edit) does not count: even a
    // checkout under way asks again before keeping another answer.
    app.db.update(consents).set({ textVersion: 'older-wording' }).run();
    await buyer.say('Анна Смирнова');
    expect(buyer.text).toContain('Перед оформлением заказа');
    expect(JSON.parse(app.db.select().from(dialogues).get()!.state).checkout.draft).toEqual({});
    await buyer.press('✅ Согласен');
    expect(buyer.text).toContain('Как зовут получателя');
    expect(app.db.select().from(consents).all().map((c) => c.textVersion)).toEqual(['older-wording', noticeVersion(app.i18n)]);
    await buyer.press('Назад');
    await buyer.press('Оформить заказ');
    expect(buyer.text).toContain('Как зовут получателя');
    expect(noticeVersion(createI18n())).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('/mydata', () => {
  it('shows the profile, language, saved delivery, consents with dates, orders with their delivery data and open questions', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await orderBoots(app, buyer);
    await buyer.say('/ask Когда привезут?');
    await buyer.say('/mydata');
    const text = buyer.text;
    expect(text).toContain('Ваши данные в магазине «Тестовый магазин»');
    expect(text).toContain('Имя в мессенджере: Мария Иванова');
    expect(text).toContain('Язык: русский');
    expect(text).toContain('Сохранённые данные для доставки:\nАнна Смирнова, +7 916 123 45 67\nМосква, Тверская, 7, кв. 12');
    expect(text).toMatch(/на обработку персональных данных — дано \d\d\.\d\d\.\d{4}, \d\d:\d\d \(при оформлении заказа\), версия текста [0-9a-f]{16}/);
    expect(text).toMatch(/№ 1001 от .* — ✅ подтверждён, 6 500 ₽\nАнна Смирнова, \+7 916 123 45 67, Москва, Тверская, 7, кв\. 12/);
    expect(text).toContain('Вопросов продавцу без ответа: 1');
    expect(text).toContain('/forget');
  });

  it('speaks the buyer\'s language and says when nothing is stored', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app, 'u2', 'en', 'console', 'Kate');
    await buyer.say('/mydata');
    expect(buyer.text).toContain('Your data at Тестовый магазин');
    expect(buyer.text).toContain('Language: English');
    expect(buyer.text).toContain('No saved delivery details.');
    expect(buyer.text).toContain('No consents.');
    expect(buyer.text).toContain('No orders.');
  });
});

describe('/forget', () => {
  it('asks to confirm with a button; leaving it changes nothing', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await orderBoots(app, buyer);
    await buyer.say('/forget');
    expect(buyer.text).toContain('Удалить ваши персональные данные');
    expect(buyer.button('Да, удалить')).toBeDefined();
    await buyer.press('Меню');
    expect(app.db.select().from(buyers).get()!.deliveryName).toBe('Анна Смирнова');
  });

  it('erases profile, saved details, drafts, questions and finished orders; open orders keep their details until they finish', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const first = await orderBoots(app, buyer);
    await cartWithBoots(buyer, '40');
    await buyer.press('Оформить заказ');
    await buyer.press('Да, доставить туда же');
    await buyer.press('Пропустить');
    await buyer.press('Подтвердить заказ');
    const second = app.db.select().from(orders).all().at(-1)!;
    finish(app, first.id);
    moveOrder(app.db, { orderId: first.id, to: 'cancelled', actor: 'staff:x', note: 'never happens' });
    await buyer.say('/ask Позвоните Анне Смирновой по номеру +79161234567');
    // A checkout draft in progress.
    await cartWithBoots(buyer, '41');
    await buyer.press('Оформить заказ');
    await buyer.press('Указать другие данные');
    await buyer.say('Черновик Черновиков');
    await buyer.say('/forget');
    await buyer.press('Да, удалить');
    expect(buyer.text).toContain('Ваши персональные данные удалены');
    expect(buyer.text).toContain(`Заказ № ${second.number} ещё не завершён`);

    const me = app.db.select().from(buyers).get()!;
    expect(me).toMatchObject({ profileName: null, deliveryName: null, deliveryPhone: null, deliveryCity: null, deliveryAddress: null });
    expect(me.forgetRequestedAt).not.toBeNull();
    expect(app.db.select().from(sellerQuestions).all()).toHaveLength(0);
    expect(app.db.select().from(dialogues).all().map((d) => d.state).join()).not.toContain('Черновик');
    const done = app.db.select().from(orders).where(eq(orders.id, first.id)).get()!;
    expect(done).toMatchObject({ deliveryName: '—', deliveryPhone: '—', deliveryAddress: '—', deliveryCity: '—', total: first.total });
    expect(done.personalDataErasedAt).not.toBeNull();
    const open = app.db.select().from(orders).where(eq(orders.id, second.id)).get()!;
    expect(open).toMatchObject({ deliveryName: 'Анна Смирнова', deliveryPhone: '+79161234567', personalDataErasedAt: null });
    // The consent is withdrawn, its record kept: the next checkout asks again.
    expect(app.db.select().from(consents).get()!.withdrawnAt).not.toBeNull();

    // The messenger name sent with the next event is not stored again.
    await buyer.say('/start');
    expect(app.db.select().from(buyers).get()!.profileName).toBeNull();

    // The open order finishes: its details go then.
    finish(app, second.id);
    expect(app.db.select().from(orders).where(eq(orders.id, second.id)).get()).toMatchObject({ deliveryName: '—', deliveryPhone: '—', deliveryAddress: '—' });
    await buyer.say('/mydata');
    expect(buyer.text).toContain(`№ ${second.number} от`);
    expect(buyer.text).toContain('личные данные удалены');
    expect(buyer.text).not.toContain('Анна');
  });

  it('erases personal notes in the history and what delivered outbox rows of the order carried', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const order = await orderBoots(app, buyer);
    moveOrder(app.db, { orderId: order.id, to: 'cancelled', actor: 'staff:x', note: 'Анна Смирнова передумала, звонила с +79161234567' });
    await app.flush!();
    const noted = () => JSON.stringify([app.db.select().from(orderHistory).all(), app.db.select().from(outbox).all()]);
    expect(noted()).toContain('передумала');
    await buyer.say('/forget');
    await buyer.press('Да, удалить');
    expect(noted()).not.toContain('передумала');
    expect(noted()).not.toContain('+79161234567');
    // The system's own notes stay: they say what happened, not who.
    expect(app.db.select().from(orderHistory).all().map((h) => h.toStatus)).toContain('cancelled');
  });

  it('empties delivered messages about the buyer that are not tied to an order (a question passed to the seller)', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await buyer.say('/start');
    const me = app.db.select().from(buyers).get()!;
    const other = new TestBuyer(app, 'u2');
    await other.say('/start');
    const them = app.db.select().from(buyers).where(eq(buyers.userId, 'u2')).get()!;
    // A question passed to the staff: one row per staff chat; the pending one is due later (a retry).
    const row = (key: string, buyerId: number, status: 'done' | 'pending') => ({
      kind: 'seller-question' as const,
      key,
      storefrontId: app.storefront.id,
      recipient: `${app.storefront.id}:telegram:900`,
      payload: JSON.stringify({ buyerId, text: 'Позвоните Анне Смирновой: +79161234567', locale: 'ru' }),
      status,
      dueAt: status === 'pending' ? Date.now() + 3_600_000 : 0,
    });
    app.db.insert(outbox).values([row('m1', me.id, 'done'), row('m2', me.id, 'pending'), row('m3', them.id, 'done')]).run();
    await buyer.say('/forget');
    await buyer.press('Да, удалить');
    const payloads = Object.fromEntries(app.db.select().from(outbox).all().map((r) => [r.key, r.payload]));
    expect(payloads['m1']).toBe('{}');
    // Still to be delivered: it keeps what delivery needs. Another buyer's: untouched.
    expect(payloads['m2']).toContain('+79161234567');
    expect(payloads['m3']).toContain('+79161234567');
  });

  it('a new order after /forget is kept as usual once the buyer agrees again', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await buyer.say('/forget');
    await buyer.press('Да, удалить');
    const order = await orderBoots(app, buyer);
    finish(app, order.id);
    expect(app.db.select().from(orders).where(eq(orders.id, order.id)).get()!.deliveryName).toBe('Анна Смирнова');
    expect(app.db.select().from(consents).all().filter((c) => c.withdrawnAt === null)).toHaveLength(1);
  });
});

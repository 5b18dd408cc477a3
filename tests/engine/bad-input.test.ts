import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { seedDemoCatalog } from '../../src/catalog/demo/seed-demo.js';
import { openDatabase } from '../../src/db/client.js';
import { orders, products, variants } from '../../src/db/schema.js';
import { createEngine } from '../../src/engine/engine.js';
import { createI18n } from '../../src/shared/i18n.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';
import { buttonsOf, cartWithBoots, createTestApp, fillCheckoutForm, productBySku, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

const bootsOf = (app: TestApp) => productBySku(app, 'SHOE-CHELSEA-01');
const fillForm = (buyer: TestBuyer) => fillCheckoutForm(buyer);

describe('bad input gets a clear answer and loses nothing', () => {
  it('explains an invalid phone, asks again and keeps the rest of the form', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.say('Анна Смирнова');
    await buyer.say('позвоните мне');
    expect(buyer.text).toContain('не похоже на номер телефона');
    await buyer.say('12345');
    expect(buyer.text).toContain('не хватает цифр');
    expect(buyer.text).toContain('Телефон для курьера');
    await buyer.say('+7 916 123-45-67-99-99');
    expect(buyer.text).toContain('лишние цифры');
    // Someone else's invalid contact ("911") is also refused with a reason.
    await buyer.shareContact('911', false);
    expect(buyer.text).toContain('не хватает цифр');
    await buyer.shareContact('79161234567');
    await buyer.say('Москва');
    await buyer.say('Тверская, 7, кв. 12');
    await buyer.press('Пропустить');
    expect(buyer.text).toContain('Получатель: Анна Смирнова, +7 916 123 45 67');
  });

  it('refuses a checkout with an empty cart and points to the catalog', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('/start');
    await buyer.event({ type: 'action', data: 'o' });
    expect(buyer.text).toContain('Корзина пуста');
    expect(buyer.button('Каталог')).toBeTruthy();
  });

  it('answers a button of a product that was hidden since', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const boots = bootsOf(app);
    await buyer.say('/catalog');
    await buyer.press('Обувь');
    await buyer.press('Ботинки');
    app.db.update(products).set({ hidden: true }).where(eq(products.id, boots.id)).run();
    await buyer.press('Ботинки челси');
    expect(buyer.text).toContain('больше не продаётся');
    expect(buyer.button('Одежда')).toBeTruthy();
  });

  it('shows a changed price and asks again before the order is placed', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await fillForm(buyer);
    expect(buyer.text).toContain('6 500 ₽');
    app.db.update(products).set({ price: 690000 }).where(eq(products.id, bootsOf(app).id)).run();
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('кое-что изменилось');
    expect(buyer.text).toContain('было 6 500 ₽, стало 6 900 ₽');
    expect(app.db.select().from(orders).all()).toHaveLength(0);
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('Заказ № 1001 оформлен');
    expect(app.db.select().from(orders).get()!.total).toBe(690000);
  });

  it('says when a size sold out between the card and confirmation and offers the sizes left', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await fillForm(buyer);
    app.db.update(variants).set({ stock: 0 }).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).run();
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toMatch(/Раскупили: Ботинки челси замшевые, размер 39 .*Есть размеры: 36, 37, 38, 40/);
    expect(app.db.select().from(orders).all()).toHaveLength(0);
    await buyer.press('Другой размер');
    await buyer.press(/^40$/);
    await buyer.press('Оформить заказ');
    // The form is kept: straight back to where the buyer was.
    expect(buyer.text).toContain('Проверьте заказ');
    expect(buyer.text).toContain('размер 40');
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('оформлен');
  });

  it('places exactly one order on a double tap of "confirm", even when both taps arrive together', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await fillForm(buyer);
    const confirm = buyer.button('Подтвердить заказ');
    const data = 'action' in confirm ? confirm.action : '';
    const [first, second] = await Promise.all([
      buyer.event({ type: 'action', data }),
      buyer.event({ type: 'action', data }),
    ]);
    expect(app.db.select().from(orders).all()).toHaveLength(1);
    expect(first.map((r) => r.text).join()).toContain('Заказ № 1001 оформлен');
    expect(second.map((r) => r.text).join()).toContain('Заказ № 1001 уже оформлен');
  });

  it('copes with a very long message as a search and as a form answer', async () => {
    const buyer = new TestBuyer(createTestApp());
    const essay = 'куртка '.repeat(2000);
    await buyer.say(essay);
    expect(buyer.text).toContain('Куртка');
    expect(buyer.text.length).toBeLessThan(4096);
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.say('А'.repeat(5000));
    expect(buyer.text).toMatch(/Слишком длинно: 5\s000 символов, а можно не больше 100/);
    await buyer.say('Анна');
    expect(buyer.text).toContain('Телефон для курьера');
  });

  it('explains stickers, voice, photos and files, and re-asks the checkout question', async () => {
    const buyer = new TestBuyer(createTestApp());
    for (const what of ['sticker', 'voice', 'document']) {
      await buyer.event({ type: 'unsupported', what });
      expect(buyer.text).toContain('понимаю текст и кнопки');
    }
    await buyer.event({ type: 'photo', fileRef: 'AgAD' });
    expect(buyer.text).toContain('понимаю текст и кнопки');
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.event({ type: 'unsupported', what: 'voice' });
    expect(buyer.text).toContain('ответьте текстом');
    expect(buyer.text).toContain('Как зовут получателя');
  });

  it('greets on /start with a garbage payload and on a stale or foreign button', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('/start <script>alert(1)</script>');
    expect(buyer.text).toContain('не открывается');
    expect(buyer.button('Каталог')).toBeTruthy();
    await buyer.say('/start p999999');
    expect(buyer.text).toContain('больше не продаётся');
    for (const data of ['zz:1', 'p:abc:0', 'k+:999999', 'mo:42', 'oc:nonsense', '']) {
      await buyer.event({ type: 'action', data });
      expect(buttonsOf(buyer.last).length).toBeGreaterThan(0);
    }
  });

  it('leaves no half-done change behind when answering fails, so trying again adds the item once', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const t = app.i18n.t;
    // The item is written to the cart, then building the answer fails.
    app.i18n.t = (locale, id, args) => {
      if (id === 'cart-added') throw new Error('answer could not be built');
      return t(locale, id, args);
    };
    await cartWithBoots(buyer);
    expect(buyer.text).toContain('Что-то пошло не так');
    app.i18n.t = t;
    await buyer.say('/cart');
    expect(buyer.text).toContain('Корзина пуста');
    await cartWithBoots(buyer);
    expect(buyer.text).toContain('Добавлено в корзину: Ботинки челси');
    expect(buyer.text).not.toContain('теперь 2');
  });

  it('handles an update delivered twice only once, even after a restart', async () => {
    const app = createTestApp();
    const event = {
      type: 'action' as const,
      data: 'a:1',
      ref: { storefrontId: app.storefront.id, channel: 'vk' as const, chatId: '7', userId: '7' },
      eventId: 'vk:evt-1',
    };
    const variant = app.db.select().from(variants).where(eq(variants.id, 1)).get()!;
    app.db.update(variants).set({ stock: 5 }).where(eq(variants.id, variant.id)).run();
    expect((await app.engine.handle(event)).length).toBeGreaterThan(0);
    expect(await app.engine.handle(event)).toEqual([]);
    const again = createEngine({ db: app.db, i18n: app.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU' });
    expect(await again.handle(event)).toEqual([]);
    const buyer = new TestBuyer(app, '7', 'ru', 'vk');
    await buyer.say('/cart');
    expect(buyer.text).toContain('1 × ');
  });

  it('does not let one buyer touch another buyer\'s cart or orders', async () => {
    const app = createTestApp();
    const anna = new TestBuyer(app, 'anna');
    const boris = new TestBuyer(app, 'boris');
    await cartWithBoots(anna);
    await anna.press('Корзина');
    const edit = anna.button(/✏️ 1\. /);
    const annasLine = 'action' in edit ? edit.action.split(':')[1] : '';
    await boris.event({ type: 'action', data: `kx:${annasLine}` });
    await anna.say('/cart');
    expect(anna.text).toContain('Ботинки челси замшевые');
    await anna.press('Оформить заказ');
    await fillForm(anna);
    await anna.press('Подтвердить заказ');
    const order = app.db.select().from(orders).get()!;
    await boris.event({ type: 'action', data: `mo:${order.id}` });
    expect(boris.text).not.toContain('Анна Смирнова');
  });

  it('loses nothing when the process restarts in the middle of checkout', async () => {
    const file = join(tmpdir(), `sarafan-restart-${process.pid}-${Date.now()}.db`);
    const start = () => {
      const db = openDatabase(file);
      const storefront = ensureDefaultStorefront(db, { name: 'Тест', timeZone: 'Europe/Moscow' });
      const engine = createEngine({ db, i18n: createI18n(), logger: pino({ level: 'silent' }), phoneRegion: 'RU' });
      return { db, storefront, engine, i18n: createI18n() } as TestApp;
    };
    try {
      const first = start();
      seedDemoCatalog(first.db);
      const before = new TestBuyer(first);
      await cartWithBoots(before);
      await before.press('Оформить заказ');
      await before.say('Анна Смирнова');
      await before.say('89161234567');
      first.db.$client.close();

      const second = start();
      const after = new TestBuyer(second);
      await after.say('Москва');
      expect(after.text).toContain('Адрес');
      await after.say('Тверская, 7');
      await after.press('Пропустить');
      expect(after.text).toContain('Получатель: Анна Смирнова, +7 916 123 45 67');
      await after.press('Подтвердить заказ');
      expect(second.db.select().from(orders).all()).toHaveLength(1);
      second.db.$client.close();
    } finally {
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          unlinkSync(file + suffix);
        } catch {
          // already gone
        }
      }
    }
  });
});

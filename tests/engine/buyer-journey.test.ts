import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orders, variants } from '../../src/db/schema.js';
import { buttonsOf, cartWithBoots, createTestApp, fillCheckoutForm, productBySku, TestBuyer } from '../helpers/engine-harness.js';

/** Walks a buyer to the checkout summary with one pair of boots, size 39, in the cart. */
async function toSummary(buyer: TestBuyer) {
  const boots = await cartWithBoots(buyer);
  await buyer.press('Оформить заказ');
  await fillCheckoutForm(buyer, 'Казань', 'ул. Баумана, д. 1, кв. 2');
  return boots;
}

describe('buyer journey', () => {
  it('greets with the storefront name and the main menu', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('/start');
    expect(buyer.text).toContain('Тестовый магазин');
    const labels = buttonsOf(buyer.last).map((b) => b.label);
    expect(labels).toEqual(['🗂 Каталог', '🔎 Поиск', '🛒 Корзина', '📦 Мои заказы', '❓ Помощь', '💬 Спросить продавца']);
  });

  it('browses nested categories with pages and returns back up', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('/catalog');
    expect(buyer.text).toContain('Одежда');
    await buyer.press('Одежда');
    await buyer.press('Футболки');
    expect(buyer.text).toContain('Страница 1 из 2');
    const firstPage = buyer.text;
    await buyer.press('▶️');
    expect(buyer.text).toContain('Страница 2 из 2');
    expect(buyer.text).not.toEqual(firstPage);
    await buyer.press('Назад');
    expect(buyer.text).toContain('🗂 Одежда');
    await buyer.press('Назад');
    expect(buyer.text).toContain('Выберите раздел');
  });

  it('marks sold-out products in lists and puts them last', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('/catalog');
    await buyer.press('Одежда');
    await buyer.press('Платья');
    const lines = buyer.text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines.at(-1)).toBe('• Платье-комбинация атласное — нет в наличии');
    expect(lines.slice(0, -1).every((l) => l.includes('₽'))).toBe(true);
  });

  it('shows a product card with price, old price, description, parameters and only sizes in stock', async () => {
    const app = createTestApp();
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    const buyer = new TestBuyer(app);
    await buyer.say(`/start p${boots.id}`);
    const card = buyer.last.find((r) => r.photo)!;
    expect(card.photo).toBe(boots.pictures[0]);
    expect(card.text).toContain('6 500 ₽ (было 7 900 ₽)');
    expect(card.text).toContain(boots.description);
    expect(card.text).toContain('Материал: Натуральная замша');
    const sizes = buttonsOf([card]).map((b) => b.label);
    expect(sizes).toContain('36');
    expect(sizes).not.toContain('44'); // out of stock in the demo catalog
    // More sizes than fit: the rest are one tap away.
    await buyer.press('Ещё размеры');
    expect(buttonsOf(buyer.last).map((b) => b.label)).toContain('45');
  });

  it('keeps a cart with quantities, totals and plural forms, and empties it', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    await buyer.say(`/start p${boots.id}`);
    await buyer.press(/^39$/);
    expect(buyer.text).toContain('В корзине 1 товар на 6 500 ₽');
    await buyer.press('Корзина');
    await buyer.press(/✏️ 1\. /);
    await buyer.press('➕');
    expect(buyer.text).toContain('2 × 6 500 ₽ = 13 000 ₽');
    await buyer.press('Назад');
    expect(buyer.text).toContain('Итого: 2 товара на 13 000 ₽');
    await buyer.press(/✏️ 1\. /);
    await buyer.press('➕');
    await buyer.press('➕');
    await buyer.press('➕');
    await buyer.press('Назад');
    expect(buyer.text).toContain('Итого: 5 товаров на 32 500 ₽');
    await buyer.press(/✏️ 1\. /);
    await buyer.press('Убрать');
    expect(buyer.text).toContain('Корзина пуста');
  });

  it('will not put more in the cart than is in stock', async () => {
    const app = createTestApp();
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    const size39 = app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!;
    app.db.update(variants).set({ stock: 1 }).where(eq(variants.id, size39.id)).run();
    const buyer = new TestBuyer(app);
    await buyer.say(`/start p${boots.id}`);
    await buyer.press(/^39$/);
    await buyer.say(`/start p${boots.id}`);
    await buyer.press(/^39$/);
    expect(buyer.text).toContain('в наличии только 1 шт.');
  });

  it('searches free text case-insensitively in Russian, with ё and word endings', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('БОТИНКИ');
    expect(buyer.text).toContain('Ботинки челси замшевые');
    await buyer.say('утепленная куртку');
    expect(buyer.text).toContain('Куртка-парка утеплённая');
    await buyer.say('/search челси');
    expect(buyer.text).toContain('Ботинки челси замшевые');
  });

  it('answers unknown text with "nothing found" and a way to the catalog', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('квантовый телепорт');
    expect(buyer.text).toContain('ничего не нашлось');
    expect(buyer.button('Каталог')).toBeTruthy();
  });

  it('places a cash-on-delivery order and lists it in "my orders" with its status', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const boots = await toSummary(buyer);
    expect(buyer.text).toContain('1. Ботинки челси замшевые, размер 39 — 1 × 6 500 ₽ = 6 500 ₽');
    expect(buyer.text).toContain('Оплата при получении');
    expect(buyer.text).toContain('Можно примерить и отказаться');
    const stockBefore = app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!.stock;
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('Заказ № 1001 оформлен');
    const stockAfter = app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!.stock;
    expect(stockAfter).toBe(stockBefore - 1);
    await buyer.press('Мои заказы');
    expect(buyer.text).toMatch(/№ 1001 от \d\d\.\d\d\.\d{4}, \d\d:\d\d — 6 500 ₽ — 🆕 принят/);
    await buyer.press('№ 1001');
    expect(buyer.text).toContain(boots.name);
    expect(buyer.text).toContain('+7 916 123 45 67');
    expect(buyer.text).toContain('История');
  });

  it('offers the last delivery details at the next checkout', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await toSummary(buyer);
    await buyer.press('Подтвердить заказ');
    const bag = productBySku(app, 'BAG-TOTE-01');
    await buyer.say(`/start p${bag.id}`);
    await buyer.press('Добавить в корзину');
    await buyer.press('Оформить заказ');
    expect(buyer.text).toContain('Доставить туда же');
    expect(buyer.text).toContain('Казань, ул. Баумана, д. 1, кв. 2');
    await buyer.press('Да, доставить туда же');
    await buyer.press('Пропустить');
    expect(buyer.text).toContain('Проверьте заказ');
    await buyer.press('Подтвердить заказ');
    expect(buyer.text).toContain('Заказ № 1002 оформлен');
    expect(app.db.select().from(orders).all().map((o) => o.deliveryCity)).toEqual(['Казань', 'Казань']);
  });

  it('speaks English when the messenger says so, with English plurals and prices', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app, 'en1', 'en-GB');
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    await buyer.say(`/start p${boots.id}`);
    expect(buyer.text).toContain('6,500 ₽ (was 7,900 ₽)');
    await buyer.press(/^39$/);
    expect(buyer.text).toContain('Your cart: 1 item for 6,500 ₽');
  });

  it('has a back or home button on every screen', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    const screens: Array<() => Promise<unknown>> = [
      () => buyer.say('/catalog'),
      () => buyer.press('Обувь'),
      () => buyer.press('Кроссовки'),
      () => buyer.press('·'),
      () => buyer.say('/cart'),
      () => buyer.say('/orders'),
      () => buyer.say('/help'),
      () => buyer.say('платье'),
      () => buyer.say('/search'),
    ];
    for (const open of screens) {
      await open();
      const labels = buttonsOf(buyer.last).map((b) => b.label);
      expect(labels.some((l) => l.includes('Меню') || l.includes('Назад')), buyer.text).toBe(true);
    }
  });
});

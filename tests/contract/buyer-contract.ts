import { describe, expect, it } from 'vitest';
import { orderItems, orders } from '../../src/db/schema.js';
import type { DriverFactory } from './chat-driver.js';

/**
 * The buyer scenarios every adapter must pass: the journey to a cash-on-delivery order, bad
 * input, both languages. tests/contract/buyer-contract.test.ts runs it with every driver of `contractDrivers`.
 */
export function buyerContract(adapter: string, makeDriver: DriverFactory): void {
  describe(`${adapter}: buyer contract`, () => {
    it('takes a buyer from the menu through catalog, card, size and cart to a placed order', async () => {
      const chat = await makeDriver('ru');
      try {
        await chat.say('/start');
        expect(chat.lastText()).toContain('Здравствуйте');
        await chat.press('Каталог');
        await chat.press('Обувь');
        await chat.press('Ботинки и сапоги');
        await chat.press('Ботинки челси');
        expect(chat.lastText()).toContain('6 500 ₽ (было 7 900 ₽)');
        await chat.press(/^39$/);
        expect(chat.lastText()).toContain('Добавлено в корзину');
        await chat.press('Корзина');
        await chat.press(/✏️ 1\. /);
        await chat.press('➕');
        expect(chat.lastText()).toContain('2 × 6 500 ₽ = 13 000 ₽');
        await chat.press('Назад');
        await chat.press('Оформить заказ');
        // Nothing personal is asked before the buyer agrees to the notice, in every messenger.
        expect(chat.lastText()).toContain('Что мы сохраним: имя получателя, телефон, город и адрес доставки');
        expect(chat.lastText()).toContain('/forget');
        await chat.press('Согласен');
        await chat.say('Анна Смирнова');
        await chat.sharePhone('+7 916 123-45-67');
        await chat.say('Москва');
        await chat.say('ул. Тверская, д. 7, кв. 12');
        await chat.press('Пропустить');
        expect(chat.lastText()).toContain('Итого: 2 товара на 13 000 ₽');
        expect(chat.lastText()).toContain('Оплата при получении');
        await chat.press('Подтвердить заказ');
        expect(chat.lastText()).toContain('Заказ № 1001 оформлен');
        // What was ordered and when it usually comes, on the spot.
        expect(chat.lastText()).toContain('1. Ботинки челси замшевые, размер 39 — 2 × 6 500 ₽ = 13 000 ₽');
        expect(chat.lastText()).toContain('🚚 Обычно заказ приходит за 3–7 дней после подтверждения');
        const order = chat.app.db.select().from(orders).get()!;
        expect(order).toMatchObject({ total: 1300000, deliveryPhone: '+79161234567', deliveryCity: 'Москва' });
        expect(chat.app.db.select().from(orderItems).all()).toEqual([expect.objectContaining({ size: '39', quantity: 2 })]);
        await chat.press('Мои заказы');
        expect(chat.lastText()).toContain('№ 1001');
      } finally {
        await chat.close();
      }
    });

    it('answers bad input clearly and keeps the form', async () => {
      const chat = await makeDriver('ru');
      try {
        await chat.say('/start garbage!');
        expect(chat.lastText()).toContain('не открывается');
        await chat.say('ыыыыы');
        expect(chat.lastText()).toContain('ничего не нашлось');
        await chat.say('кеды');
        await chat.press('Кеды');
        await chat.press(/^3[6-9]$|^4\d$/);
        await chat.press('Оформить заказ');
        // Declining keeps the cart and leaves the way back open.
        await chat.press('Не сейчас');
        expect(chat.lastText()).toContain('Корзина сохранена');
        await chat.press('Согласен');
        await chat.say('Анна');
        await chat.say('12345');
        expect(chat.lastText()).toContain('не хватает цифр');
        await chat.say('+7 916 123-45-67');
        await chat.say('Москва');
        await chat.press('Назад');
        expect(chat.lastText()).toContain('город');
        expect(chat.labels().join()).toContain('Москва');
        await chat.press('Оставить');
        expect(chat.lastText()).toContain('Адрес');
      } finally {
        await chat.close();
      }
    });

    it('shows the buyer what is stored about them and erases it after a confirmation', async () => {
      const chat = await makeDriver('ru');
      try {
        await chat.say('/help');
        expect(chat.lastText()).toContain('/mydata — мои данные');
        expect(chat.lastText()).toContain('/forget — удалить мои данные');
        await chat.say('/mydata');
        expect(chat.lastText()).toContain('Ваши данные в магазине');
        expect(chat.lastText()).toContain('Сохранённых данных для доставки нет.');
        await chat.say('/forget');
        expect(chat.lastText()).toContain('Удалить ваши персональные данные');
        await chat.press('Да, удалить');
        expect(chat.lastText()).toContain('Ваши персональные данные удалены');
      } finally {
        await chat.close();
      }
    });

    it('speaks English to an English-speaking buyer', async () => {
      const chat = await makeDriver('en');
      try {
        await chat.say('/start');
        expect(chat.lastText()).toContain('Welcome to');
        await chat.press('Catalog');
        expect(chat.lastText()).toContain('Choose a section');
        await chat.say('/cart');
        expect(chat.lastText()).toContain('Your cart is empty');
        await chat.say('/help');
        expect(chat.lastText()).toContain('/mydata — my data');
        expect(chat.lastText()).toContain('/forget — erase my data');
      } finally {
        await chat.close();
      }
    });
  });
}

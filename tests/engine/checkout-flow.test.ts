import { describe, expect, it } from 'vitest';
import { buttonsOf, cartWithBoots, createTestApp, fillCheckoutForm, productBySku, TestBuyer } from '../helpers/engine-harness.js';

const labels = (buyer: TestBuyer) => buttonsOf(buyer.last).map((b) => b.label);

describe('checkout flow', () => {
  it('changes one answer from the summary and comes straight back to it', async () => {
    const buyer = new TestBuyer(createTestApp());
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await fillCheckoutForm(buyer);
    await buyer.press('Изменить данные');
    expect(buyer.text).toContain('Что изменить?');
    await buyer.press('Адрес');
    expect(labels(buyer).join()).toContain('Оставить: Тверская, 7, кв. 12');
    await buyer.say('Арбат, 10, кв. 3');
    expect(buyer.text).toContain('Проверьте заказ');
    expect(buyer.text).toContain('Москва, Арбат, 10, кв. 3');
    expect(buyer.text).toContain('Анна Смирнова');
  });

  it('offers the previous answers as "keep" buttons when the buyer wants other details', async () => {
    const buyer = new TestBuyer(createTestApp());
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await fillCheckoutForm(buyer);
    await buyer.press('Подтвердить заказ');
    await cartWithBoots(buyer, '40');
    await buyer.press('Оформить заказ');
    await buyer.press('Указать другие данные');
    await buyer.press('Оставить: Анна Смирнова');
    await buyer.press('Оставить: +7 916 123 45 67');
    await buyer.press('Оставить: Москва');
    await buyer.say('Тверская, 9, кв. 1');
    await buyer.press('Пропустить');
    expect(buyer.text).toContain('Москва, Тверская, 9, кв. 1');
  });

  it('refuses names and cities without letters, and names with emoji or digits', async () => {
    const buyer = new TestBuyer(createTestApp(), 'u1', 'ru', 'telegram', 'Аня 🌸');
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    // A messenger name that would not pass is not offered.
    expect(labels(buyer).some((l) => l.includes('🌸'))).toBe(false);
    for (const bad of ['12345', 'Ив@н 😀', 'Анна 2']) {
      await buyer.say(bad);
      expect(buyer.text).toContain('имя получателя буквами');
    }
    await buyer.say("Анна-Мария О'Нил");
    await buyer.say('89161234567');
    await buyer.say('12345');
    expect(buyer.text).toContain('название города буквами');
  });

  it('keeps a very long comment, shortened, and says so', async () => {
    const buyer = new TestBuyer(createTestApp());
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.say('Анна Смирнова');
    await buyer.say('89161234567');
    await buyer.say('Москва');
    await buyer.say('Тверская, 7');
    await buyer.say('позвоните заранее '.repeat(40));
    expect(buyer.text).toContain('сохранили первые 500');
    expect(buyer.text).toContain('Проверьте заказ');
    expect(buyer.text).toContain('💬 позвоните заранее');
  });

  it('offers to continue checkout from the menu after wandering off', async () => {
    const buyer = new TestBuyer(createTestApp());
    await cartWithBoots(buyer);
    await buyer.press('Оформить заказ');
    await buyer.say('Анна Смирнова');
    await buyer.say('/help');
    await buyer.press('Продолжить оформление');
    expect(buyer.text).toContain('Телефон для курьера');
    await buyer.say('/start');
    await buyer.press('Продолжить оформление');
    await buyer.say('89161234567');
    expect(buyer.text).toContain('город');
  });

  it('asks to type the phone where the messenger has no "share my number" button', async () => {
    for (const channel of ['vk', 'console'] as const) {
      const buyer = new TestBuyer(createTestApp(), 'u1', 'ru', channel);
      await cartWithBoots(buyer);
      await buyer.press('Оформить заказ');
      await buyer.say('Анна Смирнова');
      expect(buyer.text).toContain('напишите номер');
      expect(buyer.text).not.toContain('Отправить мой номер');
    }
  });
});

describe('navigation remembers where the buyer came from', () => {
  it('goes back from a card to the search results or the category page it was opened from', async () => {
    const buyer = new TestBuyer(createTestApp());
    await buyer.say('ботинки');
    await buyer.press('Ботинки челси');
    await buyer.press('Назад');
    expect(buyer.text).toContain('По запросу «ботинки»');
    await buyer.say('/catalog');
    await buyer.press('Одежда');
    await buyer.press('Футболки');
    await buyer.press('▶️');
    await buyer.press('Футболка с V-вырезом');
    await buyer.press('Назад');
    expect(buyer.text).toContain('Страница 2 из 2');
  });

  it('pages through sizes and back to the first ones', async () => {
    const app = createTestApp();
    const buyer = new TestBuyer(app);
    await buyer.say(`/start p${productBySku(app, 'SHOE-CHELSEA-01').id}`);
    await buyer.press('Ещё размеры');
    expect(labels(buyer)).toContain('45');
    await buyer.press('Другие размеры');
    expect(labels(buyer)).toContain('36');
  });
});

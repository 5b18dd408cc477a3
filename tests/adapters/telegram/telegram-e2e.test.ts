import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buyers, orderItems, orders, products } from '../../../src/db/schema.js';
import { anna, john, shown, startTelegramHarness, type TelegramHarness } from '../../helpers/telegram-harness.js';

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Labels of the inline buttons on a message. */
function labels(message: { reply_markup?: any } | undefined): string[] {
  return (message?.reply_markup?.inline_keyboard ?? []).flat().map((b: any) => b.text);
}

/** The label of the first button whose label contains `part`. */
function find(message: { reply_markup?: any } | undefined, part: string): string {
  const label = labels(message).find((l) => l.includes(part));
  if (!label) throw new Error(`no button with "${part}" among ${labels(message).join(' | ')}`);
  return label;
}

describe('Telegram storefront through the real grammY bot', () => {
  it('takes a buyer from /start to a placed cash-on-delivery order', async () => {
    h = await startTelegramHarness();
    const { tg, app } = h;
    const chat = anna.id;
    let presses = 0;
    const press = async (part: string) => {
      presses++;
      tg.pressLatest(anna, find(tg.lastMessage(chat), part));
      await tg.settle();
    };
    const say = async (text: string) => {
      tg.sendText(anna, text);
      await tg.settle();
    };

    await say('/start');
    const menu = tg.lastMessage(chat)!;
    expect(menu.text).toContain('Здравствуйте');
    expect(menu.text).toContain('Тестовый магазин');
    expect(labels(menu)).toEqual(expect.arrayContaining(['🗂 Каталог', '🔎 Поиск', '🛒 Корзина', '📦 Мои заказы', '❓ Помощь']));

    await press('Каталог');
    // Navigation edits the menu message in place instead of sending a new one.
    expect(tg.lastMessage(chat)!.message_id).toBe(menu.message_id);
    expect(tg.lastMessage(chat)!.text).toContain('Каталог');
    await press('Обувь');
    await press('Ботинки');
    await press('Ботинки челси');

    const card = tg.lastMessage(chat)!;
    const boots = app.db.select().from(products).where(eq(products.sku, 'SHOE-CHELSEA-01')).get();
    expect(card.photo).toBe(boots?.pictures[0]);
    expect(card.caption).toContain('Ботинки челси замшевые');
    expect(card.caption).toContain('6 500 ₽');
    expect(card.caption).toContain('было 7 900 ₽');
    expect(card.caption).toContain('Цвет:');
    // Sizes out of stock (44 in the demo catalog) get no button.
    expect(labels(card)).toContain('39');
    expect(labels(card)).not.toContain('44');

    await press('39');
    expect(tg.lastMessage(chat)!.text).toContain('Добавлено в корзину: Ботинки челси замшевые, размер 39');

    await press('Оформить заказ');
    // The first checkout asks for consent before any personal question.
    expect(tg.lastMessage(chat)!.text).toContain('Перед оформлением заказа');
    await press('Согласен');
    expect(tg.lastMessage(chat)!.text).toContain('Как зовут получателя');
    await say('Анна Смирнова');
    expect(tg.lastMessage(chat)!.text).toContain('Телефон');
    const keyboard = tg.replyKeyboard(chat);
    expect(keyboard.keyboard.flat().some((b: any) => b.request_contact)).toBe(true);

    tg.shareContact(anna, '79161234567');
    await tg.settle();
    expect(tg.replyKeyboard(chat)).toBeUndefined();
    expect(tg.chat(chat).map(shown).join('\n')).toContain('✅ Телефон: +7 916 123 45 67');
    expect(tg.lastMessage(chat)!.text).toContain('город');
    await say('Москва');
    await say('ул. Тверская, д. 7, кв. 12');
    await press('Пропустить');

    const summary = tg.lastMessage(chat)!;
    expect(summary.text).toContain('Проверьте заказ');
    expect(summary.text).toContain('Итого: 1 товар на 6 500 ₽');
    expect(summary.text).toContain('Оплата при получении');
    expect(summary.text).toContain('примерить и отказаться');
    await press('Подтвердить заказ');
    expect(tg.lastMessage(chat)!.text).toContain('Заказ № 1001 оформлен');

    const stored = app.db.select().from(orders).all();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      number: 1001,
      total: 650000,
      deliveryName: 'Анна Смирнова',
      deliveryPhone: '+79161234567',
      deliveryCity: 'Москва',
      deliveryAddress: 'ул. Тверская, д. 7, кв. 12',
      status: 'new',
      channel: 'telegram',
      chatId: String(chat),
    });
    const items = app.db.select().from(orderItems).all();
    expect(items).toEqual([expect.objectContaining({ name: 'Ботинки челси замшевые', size: '39', quantity: 1, price: 650000 })]);

    // Every button press was answered.
    expect(tg.callsOf('answerCallbackQuery')).toHaveLength(presses);
  });

  it('takes the phone keyboard away when the buyer goes back, keeping inline buttons on the next question', async () => {
    h = await startTelegramHarness();
    const { tg } = h;
    const boots = h.app.db.select().from(products).where(eq(products.sku, 'SHOE-CHELSEA-01')).get()!;
    tg.sendText(anna, `/start p${boots.id}`);
    await tg.settle();
    tg.pressLatest(anna, '39');
    await tg.settle();
    tg.pressLatest(anna, find(tg.lastMessage(anna.id), 'Оформить'));
    await tg.settle();
    tg.pressLatest(anna, find(tg.lastMessage(anna.id), 'Согласен'));
    await tg.settle();
    tg.sendText(anna, 'Анна Смирнова');
    await tg.settle();
    expect(tg.replyKeyboard(anna.id)).toBeDefined();
    const before = tg.chat(anna.id).length;
    tg.sendText(anna, '⬅️ Назад'); // a reply-keyboard button sends its label
    await tg.settle();
    expect(tg.replyKeyboard(anna.id)).toBeUndefined();
    const added = tg.chat(anna.id).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]!.text).toContain('Как зовут получателя');
    expect(labels(added[0])).toContain('⬅️ Назад');
  });

  it('speaks English to a buyer whose Telegram is in English', async () => {
    h = await startTelegramHarness();
    h.tg.sendText(john, '/start');
    await h.tg.settle();
    expect(h.tg.lastMessage(john.id)!.text).toContain('Welcome to');
    expect(labels(h.tg.lastMessage(john.id))).toContain('🗂 Catalog');
  });

  it('opens a product card from a deep link', async () => {
    h = await startTelegramHarness();
    const parka = h.app.db.select().from(products).where(eq(products.sku, 'JKT-PARKA-01')).get()!;
    h.tg.sendText(anna, `/start p${parka.id}`);
    await h.tg.settle();
    const card = h.tg.lastMessage(anna.id)!;
    expect(card.caption).toContain(parka.name);
    expect(card.photo).toBe(parka.pictures[0]);
  });

  it('sends the card as text when Telegram rejects the picture', async () => {
    h = await startTelegramHarness();
    const parka = h.app.db.select().from(products).where(eq(products.sku, 'JKT-PARKA-01')).get()!;
    h.tg.failNext('sendPhoto', { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    h.tg.sendText(anna, `/start p${parka.id}`);
    await h.tg.settle();
    const last = h.tg.lastMessage(anna.id)!;
    expect(last.text).toContain(parka.name);
    expect(labels(last).length).toBeGreaterThan(0);
  });

  it('keeps working after a buyer blocks the bot', async () => {
    h = await startTelegramHarness();
    h.tg.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    h.tg.sendText(anna, '/start');
    await h.tg.settle();
    const annaRow = () => h!.app.db.select().from(buyers).where(eq(buyers.userId, String(anna.id))).get()!;
    expect(annaRow().unreachableAt).not.toBeNull();
    h.tg.sendText(john, '/start');
    await h.tg.settle();
    expect(h.tg.lastMessage(john.id)!.text).toContain('Welcome to');
    // Writing again means they unblocked the bot.
    h.tg.sendText(anna, '/start');
    await h.tg.settle();
    expect(annaRow().unreachableAt).toBeNull();
  });

  it('treats "message is not modified" as success and sends nothing new', async () => {
    h = await startTelegramHarness();
    h.tg.sendText(anna, '/start');
    await h.tg.settle();
    // The menu's "Help" leads to help; pressing help's "Menu" brings the same menu back.
    h.tg.pressLatest(anna, find(h.tg.lastMessage(anna.id), 'Помощь'));
    await h.tg.settle();
    const before = h.tg.callsOf('sendMessage').length;
    h.tg.failNext('editMessageText', {
      error_code: 400,
      description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same',
    });
    h.tg.pressLatest(anna, find(h.tg.lastMessage(anna.id), 'Меню'));
    await h.tg.settle();
    expect(h.tg.callsOf('sendMessage').length).toBe(before);
  });
});

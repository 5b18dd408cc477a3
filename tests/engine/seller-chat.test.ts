import { describe, expect, it } from 'vitest';
import { outbox, sellerQuestions } from '../../src/db/schema.js';
import { createInvite } from '../../src/franchise/staff-service.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { cartWithBoots, createTestApp, TestBuyer } from '../helpers/engine-harness.js';

async function shopWithOwner() {
  const app = createTestApp();
  const owner = new TestBuyer(app, 'owner');
  await owner.say(`/join ${createInvite(app.db, app.storefront.id)}`);
  return { app, owner };
}

describe('asking the seller', () => {
  it('passes the buyer\'s question to staff with context, and the answer back to the buyer', async () => {
    const { app, owner } = await shopWithOwner();
    const buyer = new TestBuyer(app, 'buyer', 'en', 'vk', 'Kate Lee');
    await cartWithBoots(buyer);
    await buyer.say('/start');
    await buyer.press('Ask the seller');
    await buyer.say('Does size 39 run small?');
    expect(buyer.text).toContain('Passed to the seller');
    const question = app.sent!.find((n) => n.target.chatId === 'owner')!;
    const text = question.replies[0]!.text;
    expect(text).toContain('Вопрос от Kate Lee (ВКонтакте)');
    expect(text).toContain('Does size 39 run small?');
    expect(text).toContain('В корзине: Ботинки челси замшевые 39 ×1');
    owner.last = question.replies;
    await owner.press('Ответить');
    await owner.say('Нет, в размер. Берите свой.');
    expect(owner.text).toContain('Ответ отправлен');
    expect(owner.text).toMatch(/Первый ответ — через \d+ мин/);
    const answer = app.sent!.find((n) => n.target.chatId === 'buyer')!;
    expect(answer.target.channel).toBe('vk');
    expect(answer.replies[0]!.text).toContain('The seller of Тестовый магазин:\nНет, в размер. Берите свой.');
    // Both went through the outbox: one row per recipient, written with the event, and the words
    // are not kept once delivered.
    const rows = app.db.select().from(outbox).all().filter((r) => r.kind === 'seller-question' || r.kind === 'seller-reply');
    expect(rows.map((r) => [r.kind, r.recipient, r.status, r.payload])).toEqual([
      ['seller-question', `${app.storefront.id}:telegram:owner`, 'done', '{}'],
      ['seller-reply', `${app.storefront.id}:vk:buyer`, 'done', '{}'],
    ]);
    // Typing while in the conversation does not search; ending it makes typing search again.
    await buyer.say('Thanks!');
    expect(buyer.text).toContain('Passed to the seller');
    await buyer.press('End the conversation');
    await buyer.say('кеды');
    expect(buyer.text).toContain('Found for');
  });

  it('reminds staff once when a question waits too long: the reminder is an outbox row due 15 minutes after the question', async () => {
    let t = Date.now() + 1000;
    const app = createTestApp({ now: () => t });
    const owner = new TestBuyer(app, 'owner');
    await owner.say(`/join ${createInvite(app.db, app.storefront.id)}`);
    const buyer = new TestBuyer(app, 'buyer', 'ru', 'telegram', 'Оля');
    await buyer.say('/ask Есть ли доставка в Тверь?');
    const askedAt = app.db.select().from(sellerQuestions).get()!.askedAt;
    const reminders = () => app.sent!.filter((n) => n.replies[0]!.text.includes('ждёт ответа'));
    expect(app.db.select().from(outbox).all().filter((r) => r.kind === 'reply-reminder')).toHaveLength(1);
    expect(reminders()).toEqual([]);
    t = askedAt + 16 * 60_000;
    await app.flush!();
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]!.replies[0]!.text).toContain('Оля ждёт ответа уже 16 мин.');
    t += 60 * 60_000;
    await app.flush!();
    expect(reminders()).toHaveLength(1);
  });

  it('sends no reminder of a question answered in time', async () => {
    let t = Date.now() + 1000;
    const app = createTestApp({ now: () => t });
    const owner = new TestBuyer(app, 'owner');
    await owner.say(`/join ${createInvite(app.db, app.storefront.id)}`);
    const buyer = new TestBuyer(app, 'buyer', 'ru', 'telegram', 'Оля');
    await buyer.say('/ask Есть ли доставка в Тверь?');
    owner.last = app.sent!.find((n) => n.target.chatId === 'owner')!.replies;
    await owner.press('Ответить');
    await owner.say('Да, есть.');
    t += 16 * 60_000;
    await app.flush!();
    expect(app.sent!.some((n) => n.replies[0]!.text.includes('ждёт ответа'))).toBe(false);
    expect(app.db.select().from(outbox).all().find((r) => r.kind === 'reply-reminder')).toMatchObject({ status: 'done', lastError: 'answered in time' });
  });

  it('never lets staff of another storefront answer this storefront\'s buyers', async () => {
    const { app } = await shopWithOwner();
    const b = createStorefront(app.db, { slug: 'b', name: 'Б' });
    const ownerB = new TestBuyer({ ...app, storefront: b }, 'ownerB');
    await ownerB.say(`/join ${createInvite(app.db, b.id)}`);
    const buyer = new TestBuyer(app, 'buyer');
    await buyer.say('/ask Привет');
    const buyerId = app.sent!.find((n) => n.target.chatId === 'owner')!.replies[0]!.buttons!.flat().find((x) => 'action' in x)!;
    await ownerB.event({ type: 'action', data: (buyerId as { action: string }).action });
    await ownerB.say('Чужой ответ');
    expect(app.sent!.some((n) => n.replies.some((r) => r.text.includes('Чужой ответ')))).toBe(false);
  });
});

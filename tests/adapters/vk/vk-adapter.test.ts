import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createVkAdapter } from '../../../src/adapters/vk/vk-adapter.js';
import { buyers, mediaCache, products } from '../../../src/db/schema.js';
import { createMediaCache } from '../../../src/media/media-cache.js';
import { createPictureDownloader } from '../../../src/media/picture-download.js';
import { productBySku } from '../../helpers/engine-harness.js';
import { mike, olga, startVkHarness, type VkHarness } from '../../helpers/vk-harness.js';

let h: VkHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const labelsOf = (m: { keyboard?: any } | undefined): string[] =>
  ((m?.keyboard?.buttons ?? []) as Array<Array<{ action: { label: string } }>>).flat().map((b) => b.action.label);

describe('VK storefront through vk-io', () => {
  it('greets a new buyer who pressed «Начать» and answers every button press at once', async () => {
    h = await startVkHarness();
    h.vk.sendText(olga, 'Начать', { payload: { command: 'start' } });
    await h.vk.settle();
    const menu = h.vk.lastMessage(olga.id)!;
    expect(menu.text).toContain('Здравствуйте');
    expect(menu.keyboard.inline).toBe(true);
    expect(menu.keyboard.buttons.flat()[0].action.type).toBe('callback');
    h.vk.press(olga, '🗂 Каталог');
    await h.vk.settle();
    expect(h.vk.callsOf('messages.sendMessageEventAnswer')).toHaveLength(1);
    // Navigation edits the menu in place.
    expect(h.vk.lastMessage(olga.id)!.message_id).toBe(menu.message_id);
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Выберите раздел');
    expect(h.vk.callsOf('messages.send').every((c) => Number(c.params.random_id) !== 0)).toBe(true);
  });

  it('opens a product from a vk.me deep link and uploads each picture once, cached in the database', async () => {
    h = await startVkHarness();
    const boots = productBySku(h.app, 'SHOE-CHELSEA-01');
    h.vk.sendText(olga, 'Привет', { ref: `p${boots.id}` });
    await h.vk.settle();
    const card = h.vk.lastMessage(olga.id)!;
    expect(card.text).toContain('Ботинки челси замшевые');
    expect(card.attachment).toMatch(/^photo-\d+_\d+/);
    expect(h.vk.uploads).toBe(1);
    h.vk.sendText(mike, '.', { ref: `p${boots.id}` });
    await h.vk.settle();
    expect(h.vk.lastMessage(mike.id)!.attachment).toBe(card.attachment);
    expect(h.vk.uploads).toBe(1);
    expect(h.app.db.select().from(mediaCache).all()).toEqual([
      expect.objectContaining({ owner: `vk:${h.vk.groupId}`, url: boots.pictures[0], ref: card.attachment }),
    ]);
  });

  it('sends the card as text when the picture cannot be downloaded', async () => {
    h = await startVkHarness();
    const boots = productBySku(h.app, 'SHOE-CHELSEA-01');
    h.app.db.update(products).set({ pictures: [h.vk.pictureUrl('missing-boots')] }).where(eq(products.id, boots.id)).run();
    h.vk.sendText(olga, `/start p${boots.id}`);
    await h.vk.settle();
    const card = h.vk.lastMessage(olga.id)!;
    expect(card.text).toContain('Ботинки челси замшевые');
    expect(card.attachment ?? '').toBe('');
  });

  it('never downloads a picture from a private address: a feed cannot make the bot fetch an internal host and post it', async () => {
    // The production downloader (public hosts only); the fake VK serving the picture lives on 127.0.0.1.
    h = await startVkHarness({ downloadPicture: createPictureDownloader() });
    const boots = productBySku(h.app, 'SHOE-CHELSEA-01');
    h.vk.sendText(olga, `/start p${boots.id}`);
    await h.vk.settle();
    const card = h.vk.lastMessage(olga.id)!;
    expect(card.text).toContain('Ботинки челси замшевые');
    expect(card.attachment ?? '').toBe('');
    expect(h.vk.callsOf('picture')).toEqual([]);
    expect(h.vk.uploads).toBe(0);
  });

  it('falls back to text buttons with payload for clients without callback buttons, and plain lists without carousels', async () => {
    h = await startVkHarness();
    const oldClient = { button_actions: ['text', 'open_link'], carousel: false };
    h.vk.sendText(olga, 'сапоги', { clientInfo: oldClient });
    await h.vk.settle();
    const results = h.vk.lastMessage(olga.id)!;
    expect(results.template).toBeUndefined();
    expect(results.keyboard.buttons.flat().every((b: any) => b.action.type === 'text')).toBe(true);
    h.vk.press(olga, 'Сапоги кожаные');
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Сапоги кожаные на каблуке');
  });

  it('shows product lists as a carousel where the client supports it', async () => {
    h = await startVkHarness();
    h.vk.sendText(olga, 'ботинки');
    await h.vk.settle();
    const messages = h.vk.messages(olga.id);
    const carousel = messages.find((m) => m.template)!;
    expect(carousel.template.type).toBe('carousel');
    expect(carousel.template.elements.map((e: any) => e.title)).toContain('Ботинки челси замшевые');
    h.vk.pressCarousel(olga, 'Ботинки челси', 'Подробнее');
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Размеры в наличии');
  });

  it('answers a malformed or foreign payload and a button from an old keyboard', async () => {
    h = await startVkHarness();
    h.vk.sendText(olga, 'кнопка', { payload: '{not json' });
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Эта кнопка устарела');
    h.vk.sendText(olga, 'кнопка', { payload: { button: 'from-another-bot' } });
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Эта кнопка устарела');
    h.vk.pushUpdate({ type: 'message_event', object: { user_id: olga.id, peer_id: olga.id, event_id: 'ev-old', payload: { a: 'k+:424242' }, conversation_message_id: 1 } });
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toMatch(/Корзина пуста|Эта кнопка устарела/);
  });

  it('stops writing to a buyer who forbade messages (901) and keeps serving others', async () => {
    h = await startVkHarness();
    h.vk.failNext('messages.send', { error_code: 901, error_msg: "Can't send messages for users without permission" });
    h.vk.sendText(olga, '/start');
    await h.vk.settle();
    const olgaRow = h.app.db.select().from(buyers).where(eq(buyers.userId, String(olga.id))).get()!;
    expect(olgaRow.unreachableAt).not.toBeNull();
    expect(h.vk.callsOf('messages.send')).toHaveLength(1);
    h.vk.sendText(mike, '/start');
    await h.vk.settle();
    expect(h.vk.lastMessage(mike.id)!.text).toContain('Welcome to');
  });

  it('waits out flood control (9) and still delivers', async () => {
    h = await startVkHarness();
    h.vk.failNext('messages.send', { error_code: 9, error_msg: 'Flood control' });
    h.vk.sendText(olga, '/start');
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Здравствуйте');
  });

  it('is retried through "too many requests" (6) and splits a message VK finds too long (914)', async () => {
    h = await startVkHarness();
    h.vk.failNext('messages.send', { error_code: 6, error_msg: 'Too many requests per second' });
    h.vk.sendText(olga, '/start');
    // vk-io itself waits about a second and sends again.
    await h.vk.waitFor((calls) => calls.filter((c) => c.method === 'messages.send').length >= 2, 5000);
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Здравствуйте');
    h.vk.failNext('messages.send', { error_code: 914, error_msg: 'Message is too long' });
    h.vk.sendText(olga, '/help');
    await h.vk.settle();
    const parts = h.vk.messages(olga.id).slice(1);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((m) => m.text).join('\n')).toContain('Как купить');
    expect(parts.slice(0, -1).every((m) => m.keyboard === undefined)).toBe(true);
    expect(labelsOf(parts.at(-1))).toContain('🏠 Меню');
  });

  it('keeps polling through long-poll failures', async () => {
    h = await startVkHarness();
    h.vk.failPoll({ failed: 1 });
    h.vk.sendText(olga, '/start');
    await h.vk.settle();
    h.vk.failPoll({ failed: 2 });
    h.vk.sendText(mike, '/start');
    await h.vk.settle();
    expect(h.vk.lastMessage(olga.id)!.text).toContain('Здравствуйте');
    expect(h.vk.lastMessage(mike.id)!.text).toContain('Welcome to');
    expect(h.vk.callsOf('groups.getLongPollServer').length).toBeGreaterThanOrEqual(2);
  });

  it('asks for the phone as typed text: VK has no contact button', async () => {
    h = await startVkHarness();
    const boots = productBySku(h.app, 'SHOE-CHELSEA-01');
    h.vk.sendText(olga, `/start p${boots.id}`);
    await h.vk.settle();
    h.vk.press(olga, '39');
    await h.vk.settle();
    h.vk.press(olga, 'Оформить заказ');
    await h.vk.settle();
    h.vk.press(olga, 'Согласен');
    await h.vk.settle();
    h.vk.press(olga, 'Ольга Петрова'); // the VK profile name, one tap
    await h.vk.settle();
    const ask = h.vk.lastMessage(olga.id)!;
    expect(ask.text).toContain('Телефон');
    expect(labelsOf(ask).some((l) => l.includes('Отправить мой номер'))).toBe(false);
    h.vk.sendText(olga, '8 916 123 45 67');
    await h.vk.settle();
    expect(h.vk.messages(olga.id).map((m) => m.text).join('\n')).toContain('✅ Телефон: +7 916 123 45 67');
  });

  it('survives a restart without uploading pictures again', async () => {
    h = await startVkHarness();
    const boots = productBySku(h.app, 'SHOE-CHELSEA-01');
    h.vk.sendText(olga, `/start p${boots.id}`);
    await h.vk.settle();
    await h.adapter.stop();
    const again = createVkAdapter({
      token: h.vk.token,
      groupId: h.vk.groupId,
      apiBaseUrl: h.vk.apiBaseUrl,
      storefrontId: h.app.storefront.id,
      engine: h.app.engine,
      media: createMediaCache(h.app.db),
      logger: pino({ level: 'silent' }),
      pollWaitSeconds: 5,
      retryDelayMs: 50,
    });
    h.adapter = again;
    await again.startPolling();
    h.vk.sendText(mike, `/start p${boots.id}`);
    await h.vk.settle();
    expect(h.vk.lastMessage(mike.id)!.attachment).toMatch(/^photo-/);
    expect(h.vk.uploads).toBe(1);
  });
});

describe('VK staff', () => {
  it('join by invite and manage the storefront through VK buttons and commands', async () => {
    h = await startVkHarness();
    const { createInvite } = await import('../../../src/franchise/staff-service.js');
    const owner = { id: 4001, first_name: 'Вера', lang_id: 0 };
    h.vk.sendText(owner, `/join ${createInvite(h.app.db, h.app.storefront.id)}`);
    await h.vk.settle();
    expect(h.vk.lastMessage(owner.id)!.text).toContain('владелец магазина');
    h.vk.sendText(owner, '/admin');
    await h.vk.settle();
    expect(h.vk.lastMessage(owner.id)!.text).toContain('Управление магазином');
    h.vk.press(owner, '📦 Заказы');
    await h.vk.settle();
    expect(h.vk.lastMessage(owner.id)!.text).toContain('Заказы — в работе');
  });
});

import { describe, it, expect, afterEach } from 'vitest';
import { Bot, Keyboard } from '@maxhub/max-bot-api';
import { startFakeMax, type FakeMax, type MaxUser } from './fake-max.js';

const alice: MaxUser = { user_id: 1001, first_name: 'Alice', locale: 'ru-RU' };

let max: FakeMax | undefined;
const bots: Bot[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) bot.stopPolling();
  await max?.close();
  max = undefined;
});

async function fake(): Promise<FakeMax> {
  max = await startFakeMax();
  return max;
}

/** A small real bot: answers text with a keyboard and edits the message on "next". */
function makeBot(m: FakeMax, errors: unknown[] = []): Bot {
  const bot = new Bot(m.token, { clientOptions: { baseUrl: m.apiBaseUrl } });
  bot.catch((err) => {
    errors.push(err);
  });
  bot.on('message_created', async (ctx) => {
    const text = ctx.message.body.text ?? '';
    await ctx.reply(`You said: ${text}`, {
      attachments: [Keyboard.inlineKeyboard([[Keyboard.button.callback('Next ▶', 'next'), Keyboard.button.link('Site', 'https://example.com')]])],
    });
  });
  bot.on('message_callback', async (ctx) => {
    await ctx.answerOnCallback({ message: { text: 'Page 2', attachments: [Keyboard.inlineKeyboard([[Keyboard.button.callback('◀ Back', 'back')]])] } });
  });
  bot.on('bot_started', async (ctx) => {
    await ctx.reply(`Started with ${ctx.startPayload ?? 'nothing'}`);
  });
  bots.push(bot);
  return bot;
}

const polling = (m: FakeMax) => m.waitFor((calls) => calls.some((c) => c.route === 'GET /updates'));

describe('fake MAX Bot API with the real @maxhub/max-bot-api client', () => {
  it('runs text → reply with keyboard → button press → answer that edits the message', async () => {
    const m = await fake();
    const errors: unknown[] = [];
    void makeBot(m, errors).start();
    await polling(m);

    m.sendText(alice, 'hello');
    await m.waitFor((calls) => calls.some((c) => c.route === 'POST /messages'));
    const chatId = m.chatIdOf(alice);
    expect(m.callsOf('POST /messages')[0]!.query).toEqual({ chat_id: String(chatId) });
    expect(m.lastMessage(chatId)).toMatchObject({
      text: 'You said: hello',
      buttons: [[{ type: 'callback', text: 'Next ▶', payload: 'next' }, { type: 'link', text: 'Site', url: 'https://example.com' }]],
    });

    m.press(alice, 'Next ▶');
    await m.waitFor((calls) => calls.some((c) => c.route === 'POST /answers'));
    await m.settle();
    expect(errors).toEqual([]);
    expect(m.messages(chatId)).toHaveLength(1);
    expect(m.lastMessage(chatId)).toMatchObject({ text: 'Page 2', edits: 1, buttons: [[{ type: 'callback', text: '◀ Back', payload: 'back' }]] });
    // The client asked for bot info and cleared webhooks before polling; the marker goes back.
    expect(m.calls.slice(0, 2).map((c) => c.route)).toEqual(['GET /me', 'GET /subscriptions']);
    const polls = m.callsOf('GET /updates');
    expect(polls[0]!.query['marker']).toBeUndefined();
    expect(polls.at(-1)!.query['marker']).toBe('3');
  });

  it('delivers bot_started with the deep-link payload', async () => {
    const m = await fake();
    void makeBot(m).start();
    await polling(m);
    m.botStarted(alice, 'p42');
    await m.waitFor((calls) => calls.some((c) => c.route === 'POST /messages'));
    expect(m.lastMessage(m.chatIdOf(alice))?.text).toBe('Started with p42');
  });

  it('refuses a wrong token, a token in the query, and a Bearer prefix', async () => {
    const m = await fake();
    const ask = (headers: Record<string, string>, query = '') => fetch(`${m.apiBaseUrl}/me${query}`, { headers });
    expect((await ask({ authorization: m.token })).status).toBe(200);
    expect((await ask({ authorization: `Bearer ${m.token}` })).status).toBe(401);
    expect((await ask({}, `?access_token=${m.token}`)).status).toBe(401);
    const wrong = new Bot('wrong', { clientOptions: { baseUrl: m.apiBaseUrl } });
    await expect(wrong.api.getMyInfo()).rejects.toMatchObject({ status: 401 });
  });

  it('validates keyboards with MAX limits: 3 buttons in a row with a link, 1024-byte payloads', async () => {
    const m = await fake();
    const bot = new Bot(m.token, { clientOptions: { baseUrl: m.apiBaseUrl } });
    const chatId = m.chatIdOf(alice);
    const link = Keyboard.button.link('L', 'https://example.com');
    const cb = (i: number) => Keyboard.button.callback(`b${i}`, `p${i}`);
    await expect(bot.api.sendMessageToChat(chatId, 'ok', { attachments: [Keyboard.inlineKeyboard([[cb(1), cb(2), link]])] })).resolves.toBeDefined();
    await expect(bot.api.sendMessageToChat(chatId, 'x', { attachments: [Keyboard.inlineKeyboard([[cb(1), cb(2), cb(3), link]])] })).rejects.toMatchObject({ status: 400 });
    await expect(bot.api.sendMessageToChat(chatId, 'x', { attachments: [Keyboard.inlineKeyboard([[1, 2, 3, 4, 5, 6, 7, 8].map(cb)])] })).rejects.toMatchObject({ status: 400 });
    await expect(bot.api.sendMessageToChat(chatId, 'x', { attachments: [Keyboard.inlineKeyboard([[Keyboard.button.callback('b', 'p'.repeat(1025))]])] })).rejects.toMatchObject({ status: 400 });
    await expect(bot.api.sendMessageToChat(chatId, 'x'.repeat(4001))).rejects.toMatchObject({ status: 400 });
    expect(m.messages(chatId).map((msg) => msg.text)).toEqual(['ok']);
  });

  it('uploads an image whose token is briefly not ready; the client retries the send', async () => {
    const m = await fake();
    const bot = new Bot(m.token, { clientOptions: { baseUrl: m.apiBaseUrl } });
    const image = await bot.api.uploadImage({ source: Buffer.from('\xff\xd8\xff fake jpeg bytes') });
    expect(m.uploads).toBe(1);
    expect(m.callsOf('POST /uploads')[0]!.query).toEqual({ type: 'image' });
    expect(m.callsOf('POST /upload')[0]!.body).toMatchObject({ size: expect.any(Number) });
    const chatId = m.chatIdOf(alice);
    await bot.api.sendMessageToChat(chatId, 'pic', { attachments: [image.toJson()] });
    const sends = m.callsOf('POST /messages');
    expect(sends).toHaveLength(2); // not ready, then sent
    const attached = m.lastMessage(chatId)?.attachments[0];
    expect(attached?.type).toBe('image');
    expect(JSON.stringify(attached.payload)).toMatch(/"token":"utoken\d+"/);
  }, 10_000);

  it('injects faults: 403 for a user who blocked the bot, 429 and 5xx once', async () => {
    const m = await fake();
    const bot = new Bot(m.token, { clientOptions: { baseUrl: m.apiBaseUrl } });
    m.block(alice);
    await expect(bot.api.sendMessageToChat(m.chatIdOf(alice), 'hi')).rejects.toMatchObject({ status: 403 });
    const bob: MaxUser = { user_id: 1002, first_name: 'Bob' };
    m.failNext('POST /messages', { status: 429, code: 'too.many.requests', message: 'Too many requests' });
    m.failNext('POST /messages', { status: 502, code: 'internal.error', message: 'Bad gateway' });
    await expect(bot.api.sendMessageToUser(bob.user_id, 'a')).rejects.toMatchObject({ status: 429 });
    await expect(bot.api.sendMessageToUser(bob.user_id, 'b')).rejects.toMatchObject({ status: 502 });
    await bot.api.sendMessageToUser(bob.user_id, 'c');
    expect(m.messages(m.chatIdOf(bob)).map((msg) => msg.text)).toEqual(['c']);
  });

  it('keeps the keyboard on an edit without attachments and removes it with []', async () => {
    const m = await fake();
    const bot = new Bot(m.token, { clientOptions: { baseUrl: m.apiBaseUrl } });
    const chatId = m.chatIdOf(alice);
    const sent = await bot.api.sendMessageToChat(chatId, 'a', { attachments: [Keyboard.inlineKeyboard([[Keyboard.button.callback('b', 'p')]])] });
    await bot.api.editMessage(sent.body.mid, { text: 'b' });
    expect(m.lastMessage(chatId)?.buttons).toHaveLength(1);
    await bot.api.editMessage(sent.body.mid, { text: 'c', attachments: [] });
    expect(m.lastMessage(chatId)).toMatchObject({ text: 'c', edits: 2, buttons: undefined });
  });

  it('answers an empty callback answer with 400, and stores webhook subscriptions', async () => {
    const m = await fake();
    const bot = new Bot(m.token, { clientOptions: { baseUrl: m.apiBaseUrl } });
    const chatId = m.chatIdOf(alice);
    await bot.api.sendMessageToChat(chatId, 'a', { attachments: [Keyboard.inlineKeyboard([[Keyboard.button.callback('b', 'p')]])] });
    const update = m.press(alice, 'b');
    await expect(bot.api.answerOnCallback(update['callback'].callback_id, {})).rejects.toMatchObject({ status: 400 });
    // The client's types know only `message`; MAX also takes a `notification` (a toast), passed through as is.
    const toast = { notification: 'ok' } as unknown as Parameters<typeof bot.api.answerOnCallback>[1];
    await bot.api.answerOnCallback(update['callback'].callback_id, toast);
    expect(m.answers).toHaveLength(1);
    await bot.api.subscribe('https://shop.example/max', 'sec-ret', ['message_created']);
    expect(m.subscriptions).toEqual([{ url: 'https://shop.example/max', secret: 'sec-ret', update_types: ['message_created'] }]);
    expect(await bot.api.getSubscriptions()).toHaveLength(1);
  });

  it('simulates a contact without "+", a photo and an unsupported attachment', async () => {
    const m = await fake();
    const contact = m.sendContact(alice, '79161234567');
    expect(contact['message'].body.attachments[0].payload.vcf_info).toContain('TEL;TYPE=cell:79161234567');
    expect(m.sendPhoto(alice)['message'].body.attachments[0].type).toBe('image');
    expect(m.sendUnsupported(alice)['message'].body.attachments[0].type).toBe('sticker');
  });
});

import { describe, it, expect, afterEach } from 'vitest';
import { Bot, type BotError, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from './fake-telegram.js';

const alice: FakeUser = { id: 1001, first_name: 'Alice', username: 'alice', language_code: 'ru' };

let tg: FakeTelegram | undefined;
const bots: Array<{ bot: Bot; running?: Promise<void> }> = [];

afterEach(async () => {
  for (const entry of bots.splice(0)) {
    await entry.bot.stop().catch(() => undefined);
    await entry.running?.catch(() => undefined);
  }
  await tg?.close();
  tg = undefined;
});

async function fake(): Promise<FakeTelegram> {
  tg = await startFakeTelegram();
  return tg;
}

/** A small real bot: replies to text with a keyboard, edits the message on "next". */
function makeBot(t: FakeTelegram, errors: BotError[] = []): Bot {
  const bot = new Bot(t.token, { client: { apiRoot: t.apiRoot } });
  bot.catch((err) => {
    errors.push(err);
  });
  bot.on('message:text', async (ctx) => {
    await ctx.reply(`You said: ${ctx.message.text}`, {
      reply_markup: new InlineKeyboard().text('Next ▶', 'next').url('Site', 'https://example.com'),
    });
  });
  bot.callbackQuery('next', async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageText('Page 2', { reply_markup: new InlineKeyboard().text('◀ Back', 'back') });
  });
  bots.push({ bot });
  return bot;
}

function start(bot: Bot): Promise<void> {
  const running = bot.start();
  const entry = bots.find((b) => b.bot === bot);
  if (entry) entry.running = running;
  return running;
}

/** Waits until the bot's long poll (timeout 30) is being held by the fake. */
async function polling(t: FakeTelegram): Promise<void> {
  await t.waitFor((calls) => calls.some((c) => c.method === 'getUpdates' && c.params['timeout'] === 30));
}

describe('fake Telegram Bot API with a real grammY bot', () => {
  it('runs start → text → reply with keyboard → button press → edit', async () => {
    const t = await fake();
    const errors: BotError[] = [];
    const bot = makeBot(t, errors);
    void start(bot);

    t.sendText(alice, '/start hello');
    await t.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
    expect(t.calls.slice(0, 3).map((c) => c.method)).toEqual(['getMe', 'deleteWebhook', 'getUpdates']);
    const sent = t.lastMessage(alice.id);
    expect(sent?.text).toBe('You said: /start hello');
    expect(sent?.reply_markup.inline_keyboard[0][0]).toEqual({ text: 'Next ▶', callback_data: 'next' });

    t.pressLatest(alice, 'Next ▶'); // by label
    await t.settle();
    expect(errors).toEqual([]);
    expect(t.callsOf('answerCallbackQuery')).toHaveLength(1);
    const shown = t.chat(alice.id);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ text: 'Page 2', edits: 1, deleted: false });
    expect(shown[0]?.reply_markup).toEqual({ inline_keyboard: [[{ text: '◀ Back', callback_data: 'back' }]] });

    // The first message got a bot_command entity; the user's message id precedes the bot's.
    const firstPoll = t.callsOf('getUpdates')[0]!;
    expect(firstPoll.params).toMatchObject({ offset: 1, timeout: 30 });
    expect(sent?.message_id).toBe(2);

    expect(() => t.pressLatest(alice, 'nope')).toThrow(/no button "nope".*\n.*◀ Back → back/);
  });

  it('delivers failNext(429) to bot.catch as a GrammyError with retry_after', async () => {
    const t = await fake();
    const errors: BotError[] = [];
    const bot = makeBot(t, errors);
    void start(bot);
    t.failNext('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });

    t.sendText(alice, 'one');
    await t.settle();
    expect(errors).toHaveLength(1);
    const e = errors[0]!.error;
    expect(e).toBeInstanceOf(GrammyError);
    expect((e as GrammyError).error_code).toBe(429);
    expect((e as GrammyError).parameters.retry_after).toBe(1);
    expect(t.chat(alice.id)).toEqual([]);

    t.sendText(alice, 'two');
    await t.settle();
    expect(t.lastMessage(alice.id)?.text).toBe('You said: two');
    expect(errors).toHaveLength(1);
  });

  it('answers 429 with the error code as HTTP status and a Retry-After header', async () => {
    const t = await fake();
    t.failNext('getMe', { error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });
    const res = await fetch(`${t.apiRoot}/bot${t.token}/getMe`, { method: 'POST' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
  });

  it('wakes a pending long poll at once when an update is pushed', async () => {
    const t = await fake();
    const bot = makeBot(t);
    void start(bot);
    await polling(t);
    await new Promise((r) => setTimeout(r, 100)); // the poll is really being held

    const t0 = Date.now();
    t.sendText(alice, 'ping');
    await t.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'), 1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    await t.settle();
    // The next poll confirmed the update.
    expect(t.callsOf('getUpdates').at(-1)?.params['offset']).toBe(2);
  });

  it('lets bot.stop() finish promptly', async () => {
    const t = await fake();
    const bot = makeBot(t);
    const running = start(bot);
    await polling(t);

    const t0 = Date.now();
    await bot.stop();
    await running;
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(t.callsOf('getUpdates').at(-1)?.params).toEqual({ offset: 1, limit: 1 });
    expect(bot.isRunning()).toBe(false);
  });

  it('answers 409 to a second concurrent poll and keeps serving the first one', async () => {
    const t = await fake();
    const bot = makeBot(t);
    void start(bot);
    await polling(t);

    const res = await fetch(`${t.apiRoot}/bot${t.token}/getUpdates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ offset: 1, timeout: 30 }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      ok: false,
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request',
    });

    // A second grammY bot on the same token fails to start.
    const other = new Bot(t.token, { client: { apiRoot: t.apiRoot }, botInfo: t.botInfo });
    bots.push({ bot: other });
    await expect(other.start()).rejects.toMatchObject({ error_code: 409 });

    t.sendText(alice, 'still here');
    await t.settle();
    expect(t.lastMessage(alice.id)?.text).toBe('You said: still here');
  });
});

describe('fake Telegram Bot API behaviour', () => {
  it('rejects bad requests like Telegram', async () => {
    const t = await fake();
    const bot = new Bot(t.token, { client: { apiRoot: t.apiRoot }, botInfo: t.botInfo });
    const api = bot.api;
    t.sendText(alice, 'hi'); // makes the chat known (not required)

    const err = async (p: Promise<unknown>): Promise<string> => {
      const e = await p.then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(GrammyError);
      return (e as GrammyError).description;
    };

    expect(await err(api.sendMessage(alice.id, ''))).toBe('Bad Request: message text is empty');
    expect(await err(api.sendMessage(alice.id, 'x'.repeat(4097)))).toBe('Bad Request: message is too long');
    expect(
      await err(api.sendMessage(alice.id, 'x', { reply_markup: new InlineKeyboard().text('Б', 'б'.repeat(33)) })),
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(await err(api.sendMessage(alice.id, 'a <br> b', { parse_mode: 'HTML' }))).toMatch(
      /^Bad Request: can't parse entities: Unsupported start tag "br"/,
    );
    expect(await err(api.sendMessage(alice.id, 'Total: 5.00', { parse_mode: 'MarkdownV2' }))).toMatch(
      /Character '\.' is reserved/,
    );

    const html = await api.sendMessage(alice.id, '<b>Hi</b> &amp; bye', { parse_mode: 'HTML' });
    expect(html.text).toBe('Hi & bye');
    expect(html.entities).toEqual([{ type: 'bold', offset: 0, length: 2 }]);

    const kb = new InlineKeyboard().text('A', 'a');
    const msg = await api.sendMessage(alice.id, 'Same', { reply_markup: kb });
    expect(msg.chat).toMatchObject({ id: alice.id, type: 'private', first_name: 'Alice' });
    expect(msg.from?.id).toBe(t.botInfo.id);
    expect(await err(api.editMessageText(alice.id, msg.message_id, 'Same', { reply_markup: kb }))).toMatch(
      /^Bad Request: message is not modified: specified new message content and reply markup are exactly the same/,
    );
    // Omitting reply_markup on edit removes the keyboard (so it *is* a modification).
    const edited = await api.editMessageText(alice.id, msg.message_id, 'Same');
    expect(edited !== true && edited.reply_markup).toBeFalsy();
    expect(t.lastMessage(alice.id)?.reply_markup).toBeUndefined();

    const photo = await api.sendPhoto(alice.id, 'https://example.com/p.jpg', { caption: 'Cap' });
    expect(photo.photo?.[0]).toMatchObject({ width: expect.any(Number), height: expect.any(Number) });
    expect(await err(api.editMessageText(alice.id, photo.message_id, 'x'))).toBe(
      'Bad Request: there is no text in the message to edit',
    );
    expect(await err(api.sendPhoto(alice.id, 'https://example.com/p.jpg', { caption: 'c'.repeat(1025) }))).toBe(
      'Bad Request: message caption is too long',
    );

    expect(await api.deleteMessage(alice.id, msg.message_id)).toBe(true);
    expect(await err(api.deleteMessage(alice.id, msg.message_id))).toBe('Bad Request: message to delete not found');
    expect(await err(api.editMessageText(alice.id, msg.message_id, 'gone'))).toBe('Bad Request: message to edit not found');
    expect(await err(api.editMessageText(alice.id, 999, 'never'))).toBe('Bad Request: message to edit not found');
    expect(t.chat(alice.id).map((m) => m.message_id)).toEqual([html.message_id, photo.message_id]);
    expect(t.chat(alice.id, { includeDeleted: true })).toHaveLength(3);

    expect(await err(api.answerCallbackQuery('nope'))).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    expect(await err(api.raw.getChat({ chat_id: alice.id }))).toBe('Not Found: method not found');
    expect(await api.sendChatAction(alice.id, 'typing')).toBe(true);
    await api.setMyCommands([{ command: 'start', description: 'Start' }]);
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(t.callsOf('sendMessage').length).toBeGreaterThan(3);
  });

  it('parses multipart uploads and edits photo messages via editMessageMedia', async () => {
    const t = await fake();
    const bot = new Bot(t.token, { client: { apiRoot: t.apiRoot }, botInfo: t.botInfo });
    const sent = await bot.api.sendPhoto(alice.id, new InputFile(Buffer.from('jpeg!'), 'shoe.jpg'), {
      caption: 'Кеды',
      reply_markup: new InlineKeyboard().text('Купить', 'buy:1'),
    });
    const call = t.callsOf('sendPhoto')[0]!;
    expect(call.params['chat_id']).toBe(alice.id);
    expect(call.params['caption']).toBe('Кеды');
    expect(call.params['photo']).toMatch(/^attach:\/\//);
    expect(call.params['reply_markup']).toEqual({ inline_keyboard: [[{ text: 'Купить', callback_data: 'buy:1' }]] });
    expect(t.lastMessage(alice.id)).toMatchObject({ photo: 'upload:shoe.jpg', caption: 'Кеды', edits: 0 });
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: 'Купить', callback_data: 'buy:1' });

    await bot.api.editMessageMedia(
      alice.id,
      sent.message_id,
      { type: 'photo', media: 'https://example.com/2.jpg', caption: 'Кеды, вид сбоку' },
      { reply_markup: new InlineKeyboard().text('Купить', 'buy:1') },
    );
    expect(t.lastMessage(alice.id)).toMatchObject({
      photo: 'https://example.com/2.jpg',
      caption: 'Кеды, вид сбоку',
      edits: 1,
    });
    const update = t.pressButton(alice, sent.message_id, 'buy:1');
    expect(update['callback_query'].message).toMatchObject({ caption: 'Кеды, вид сбоку', photo: expect.any(Array) });
    expect(update['callback_query'].data).toBe('buy:1');
    expect(await bot.api.answerCallbackQuery(update['callback_query'].id as string)).toBe(true);
  });

  it('models contacts, reply keyboards, dropped sockets and settle()', async () => {
    const t = await fake();
    const errors: BotError[] = [];
    const bot = new Bot(t.token, { client: { apiRoot: t.apiRoot } });
    bot.catch((e) => {
      errors.push(e);
    });
    bot.on('message:contact', async (ctx) => {
      const own = ctx.message.contact.user_id === ctx.from.id;
      await ctx.reply(own ? `Got ${ctx.message.contact.phone_number}` : 'Not yours', {
        reply_markup: { remove_keyboard: true },
      });
    });
    bot.on('message:text', async (ctx) => {
      await ctx.reply('Share your number', {
        reply_markup: { keyboard: [[{ text: 'Share', request_contact: true }]], resize_keyboard: true },
      });
    });
    bot.on('message:sticker', (ctx) => ctx.reply('Nice sticker'));
    bots.push({ bot });
    void start(bot);

    t.sendText(alice, 'hi');
    await t.settle();
    expect(t.replyKeyboard(alice.id)?.keyboard[0][0].request_contact).toBe(true);

    t.shareContact(alice, '79161234567');
    await t.settle();
    expect(t.lastMessage(alice.id)?.text).toBe('Got 79161234567');
    expect(t.replyKeyboard(alice.id)).toBeUndefined();

    t.shareContact(alice, '79160000000', { foreign: true });
    await t.settle();
    expect(t.lastMessage(alice.id)?.text).toBe('Not yours');

    t.sendMessageOf(alice, { sticker: { file_id: 'CAACAgIAAxkBAAEStickerFileId00', file_unique_id: 'u1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
    await t.settle();
    expect(t.lastMessage(alice.id)?.text).toBe('Nice sticker');

    t.dropNext('sendMessage');
    t.sendText(alice, 'again');
    await t.settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(HttpError);

    await expect(t.waitFor(() => false, 50)).rejects.toThrow(/waitFor timed out after 50 ms.*last calls:\n {2}sendMessage \{"chat_id":1001/s);
  });
});

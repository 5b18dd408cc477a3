import http from 'node:http';
import type https from 'node:https';
import { describe, it, expect, afterEach } from 'vitest';
import { APIError, Keyboard, VK, type MessageContext, type MessageEventContext } from 'vk-io';
import { startFakeVk, type FakeVk, type VkUser } from './fake-vk.js';

const alice: VkUser = { id: 1001, first_name: 'Алиса', last_name: 'Иванова' };
const bob: VkUser = { id: 1002, first_name: 'Bob', lang_id: 3 };

let fake: FakeVk | undefined;
const instances: VK[] = [];

afterEach(async () => {
  for (const vk of instances.splice(0)) await vk.updates.stop();
  await fake?.close();
  fake = undefined;
});

async function start(opts: { token?: string } = {}): Promise<FakeVk> {
  fake = await startFakeVk(opts);
  return fake;
}

function makeVk(f: FakeVk, token = f.token): VK {
  const vk = new VK({
    token,
    apiBaseUrl: f.apiBaseUrl,
    // vk-io types `agent` as an https.Agent, but node-fetch refuses an https agent for http:// URLs.
    agent: new http.Agent() as unknown as https.Agent,
    pollingGroupId: f.groupId,
    apiLimit: 20,
    apiWait: 300,
    apiRetryLimit: 1,
  });
  instances.push(vk);
  return vk;
}

/** A small real bot: replies with an inline callback keyboard; a press answers the event and edits the message. */
function echoBot(f: FakeVk, errors: unknown[] = []): VK {
  const vk = makeVk(f);
  vk.updates.on('message_new', async (ctx: MessageContext) => {
    try {
      await vk.api.messages.send({
        peer_id: ctx.peerId,
        message: `You said: ${ctx.text ?? ''}`,
        random_id: Math.floor(Math.random() * 1e9),
        keyboard: Keyboard.builder().callbackButton({ label: 'Next ▶', payload: { cmd: 'next' } }).inline(),
      });
    } catch (e) {
      errors.push(e);
    }
  });
  vk.updates.on('message_event', async (ctx: MessageEventContext) => {
    try {
      await vk.api.messages.sendMessageEventAnswer({
        event_id: ctx.eventId,
        user_id: ctx.userId,
        peer_id: ctx.peerId,
        event_data: JSON.stringify({ type: 'show_snackbar', text: `got ${String(ctx.eventPayload?.cmd)}` }),
      });
      await vk.api.messages.edit({
        peer_id: ctx.peerId,
        conversation_message_id: ctx.conversationMessageId,
        message: 'Page 2',
        keyboard: Keyboard.builder().callbackButton({ label: '◀ Back', payload: { cmd: 'back' } }).inline(),
      });
    } catch (e) {
      errors.push(e);
    }
  });
  return vk;
}

describe('fake VK API with a real vk-io VK', () => {
  it('runs message_new → reply with inline keyboard → callback press → event answer + edit', async () => {
    const f = await start();
    const errors: unknown[] = [];
    const vk = echoBot(f, errors);
    await vk.updates.startPolling();

    f.sendText(alice, 'привет');
    await f.settle();
    expect(errors).toEqual([]);
    const sent = f.lastMessage(alice.id);
    expect(sent).toMatchObject({ peer_id: alice.id, text: 'You said: привет', conversation_message_id: 2, edits: 0, deleted: false });
    expect(sent?.message_id).toBe(2); // the user's message got id 1
    expect(sent?.keyboard).toEqual({
      inline: true,
      buttons: [[{ color: 'secondary', action: { label: 'Next ▶', payload: '{"cmd":"next"}', type: 'callback' } }]],
    });

    // What vk-io sent on the wire.
    const [lp] = f.callsOf('groups.getLongPollServer');
    expect(lp?.params).toMatchObject({ group_id: String(f.groupId), access_token: f.token, v: '5.199' });
    const poll = f.callsOf('longpoll')[0]!;
    expect(poll.params).toMatchObject({ act: 'a_check', wait: '25', mode: '202', version: '19', ts: '1' });
    const send = f.callsOf('messages.send')[0]!;
    expect(send.params['peer_id']).toBe(String(alice.id));
    expect(send.params['random_id']).toMatch(/^\d+$/);
    expect(JSON.parse(send.params['keyboard']!)).toEqual(sent?.keyboard);

    const event = f.press(alice, 'Next');
    expect(event).toMatchObject({ type: 'message_event', group_id: f.groupId, v: '5.199' });
    expect(event['object']).toMatchObject({ user_id: alice.id, peer_id: alice.id, payload: { cmd: 'next' }, conversation_message_id: 2 });
    await f.settle();
    expect(errors).toEqual([]);
    const answer = f.callsOf('messages.sendMessageEventAnswer')[0]!;
    expect(answer.params).toMatchObject({ event_id: event['object'].event_id, user_id: String(alice.id), peer_id: String(alice.id) });
    expect(JSON.parse(answer.params['event_data']!)).toEqual({ type: 'show_snackbar', text: 'got next' });
    expect(f.messages(alice.id)).toHaveLength(1);
    expect(f.lastMessage(alice.id)).toMatchObject({ text: 'Page 2', edits: 1 });
    expect(f.lastMessage(alice.id)?.keyboard.buttons[0][0].action.label).toBe('◀ Back');

    // Answering the same event twice is an error; pressing an unknown button lists the buttons.
    await expect(
      vk.api.messages.sendMessageEventAnswer({ event_id: event['object'].event_id, user_id: alice.id, peer_id: alice.id }),
    ).rejects.toMatchObject({ code: 100 });
    expect(() => f.press(alice, 'nope')).toThrow(/no button "nope".*\n.*◀ Back → \{"cmd":"back"\} \(callback\)/);
  });

  it('delivers text-button presses, refs, client_info and lang_id; context.send uses peer_ids', async () => {
    const f = await start();
    const vk = makeVk(f);
    const seen: Array<{ text?: string; payload: unknown; ref?: string; lang: number; carousel: boolean }> = [];
    vk.updates.on('message_new', async (ctx: MessageContext) => {
      seen.push({
        ...(ctx.text !== undefined ? { text: ctx.text } : {}),
        payload: ctx.messagePayload,
        ...(ctx.referralValue !== undefined ? { ref: ctx.referralValue } : {}),
        lang: ctx.clientInfo.lang_id,
        carousel: ctx.clientInfo.carousel,
      });
      if (ctx.text === 'menu') {
        await ctx.send('Menu', {
          keyboard: Keyboard.builder()
            .textButton({ label: 'Каталог', payload: { cmd: 'catalog' } })
            .row()
            .urlButton({ label: 'Site', url: 'https://example.com' })
            .oneTime(),
        });
      }
    });
    await vk.updates.startPolling();

    f.sendText(bob, 'menu', { ref: 'promo42', clientInfo: { carousel: false } });
    await f.settle();
    // ctx.send() of a group bot passes peer_ids (not peer_id) and reads the array answer.
    const send = f.callsOf('messages.send')[0]!;
    expect(send.params['peer_ids']).toBe(String(bob.id));
    expect(send.params['peer_id']).toBeUndefined();
    expect(f.lastMessage(bob.id)?.keyboard).toMatchObject({ one_time: true });

    f.press(bob, 'Каталог');
    f.sendText(alice, 'hi', { payload: { cmd: 'start' } });
    await f.settle();
    expect(seen).toEqual([
      { text: 'menu', payload: undefined, ref: 'promo42', lang: 3, carousel: false },
      { text: 'Каталог', payload: { cmd: 'catalog' }, lang: 3, carousel: true },
      { text: 'hi', payload: { cmd: 'start' }, lang: 0, carousel: true },
    ]);
    expect(() => f.press(bob, 'Site')).toThrow(/sends no update/);
    expect(await vk.api.users.get({ user_ids: [alice.id, bob.id, 999] })).toEqual([
      { id: alice.id, first_name: 'Алиса', last_name: 'Иванова', can_access_closed: true, is_closed: false },
      { id: bob.id, first_name: 'Bob', last_name: '', can_access_closed: true, is_closed: false },
    ]);
  });

  it('recovers from long poll failed:1 and failed:2 without losing updates', async () => {
    const f = await start();
    const texts: string[] = [];
    const vk = makeVk(f);
    vk.updates.on('message_new', (ctx: MessageContext) => {
      texts.push(ctx.text ?? '');
    });
    await vk.updates.startPolling();
    await f.waitFor((calls) => calls.some((c) => c.method === 'longpoll'));

    f.failPoll({ failed: 1, ts: 999 }); // a nonsense ts: the fake answers failed:1 again with the real one
    f.sendText(alice, 'one');
    await f.settle();
    expect(texts).toEqual(['one']);

    f.failPoll({ failed: 2 });
    f.sendText(alice, 'two');
    await f.settle();
    expect(texts).toEqual(['one', 'two']);
    expect(f.callsOf('groups.getLongPollServer')).toHaveLength(2);

    f.failPoll({ failed: 3 });
    await f.settle();
    f.sendText(alice, 'three');
    await f.settle();
    expect(texts).toEqual(['one', 'two', 'three']);
    expect(f.callsOf('groups.getLongPollServer')).toHaveLength(3);
  });

  it('throws failNext errors as APIError (901) and retries error 6', async () => {
    const f = await start();
    const vk = makeVk(f);
    f.failNext('messages.send', { error_code: 901, error_msg: "Can't send messages for users without permission" });
    const err = await vk.api.messages.send({ peer_id: alice.id, message: 'hi', random_id: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).code).toBe(901);
    expect((err as APIError).message).toBe("Code №901 - Can't send messages for users without permission");
    expect((err as APIError).params).toContainEqual({ key: 'method', value: 'messages.send' });
    expect(f.messages(alice.id)).toEqual([]);

    f.failNext('messages.setActivity', { error_code: 6, error_msg: 'Too many requests per second' });
    await expect(vk.api.messages.setActivity({ peer_id: alice.id, type: 'typing' })).resolves.toBe(1);
    expect(f.callsOf('messages.setActivity')).toHaveLength(2);

    const wrong = makeVk(f, 'bad-token');
    await expect(wrong.api.groups.getById({})).rejects.toMatchObject({ code: 5 });
  });

  it('deduplicates random_id per peer and answers peer_ids with an array', async () => {
    const f = await start();
    const vk = makeVk(f);
    const first = await vk.api.messages.send({ peer_id: alice.id, message: 'once', random_id: 42 });
    const again = await vk.api.messages.send({ peer_id: alice.id, message: 'once', random_id: 42 });
    expect(again).toBe(first);
    expect(f.messages(alice.id)).toHaveLength(1);
    const other = await vk.api.messages.send({ peer_id: bob.id, message: 'once', random_id: 42 });
    expect(other).not.toBe(first);

    const multi = await vk.api.messages.send({ peer_ids: [alice.id, bob.id], message: 'both', random_id: 7 });
    expect(multi).toEqual([
      { peer_id: alice.id, message_id: 3, conversation_message_id: 2 },
      { peer_id: bob.id, message_id: 4, conversation_message_id: 2 },
    ]);
    expect(f.callsOf('messages.send').at(-1)?.params['peer_ids']).toBe(`${alice.id},${bob.id}`);

    await expect(vk.api.messages.delete({ message_ids: [first as unknown as number], delete_for_all: 1 })).resolves.toEqual({
      [String(first)]: 1,
    });
    expect(f.messages(alice.id).map((m) => m.text)).toEqual(['both']);
    expect(f.messages(alice.id, { includeDeleted: true })[0]).toMatchObject({ text: 'once', deleted: true });
  });

  it('validates messages like VK (100, 914, 911, carousel) and edits (909)', async () => {
    const f = await start();
    const vk = makeVk(f);
    const send = (params: Record<string, unknown>): Promise<unknown> =>
      vk.api.messages.send({ peer_id: alice.id, random_id: 0, ...params }).catch((e: unknown) => e);
    const button = (i: number) => ({ action: { type: 'text', label: `b${i}`, payload: '{}' } });

    expect(await send({ message: '' })).toMatchObject({ code: 100, message: expect.stringContaining('message is empty') });
    expect(await send({ message: 'x'.repeat(4097) })).toMatchObject({ code: 914 });
    expect(typeof (await send({ message: 'x'.repeat(4096) }))).toBe('number');
    const eleven = { inline: true, buttons: [[0, 1, 2, 3, 4].map(button), [5, 6, 7, 8, 9].map(button), [button(10)]] };
    expect(await send({ message: 'k', keyboard: JSON.stringify(eleven) })).toMatchObject({ code: 911 });
    const sixPerRow = { inline: true, buttons: [[0, 1, 2, 3, 4, 5].map(button)] };
    expect(await send({ message: 'k', keyboard: JSON.stringify(sixPerRow) })).toMatchObject({ code: 911 });
    const longLabel = { buttons: [[{ action: { type: 'text', label: 'x'.repeat(41) } }]] };
    expect(await send({ message: 'k', keyboard: JSON.stringify(longLabel) })).toMatchObject({ code: 911 });
    const longPayload = { inline: true, buttons: [[{ action: { type: 'callback', label: 'p', payload: JSON.stringify({ s: 'x'.repeat(260) }) } }]] };
    expect(await send({ message: 'k', keyboard: JSON.stringify(longPayload) })).toMatchObject({ code: 911 });
    const fortyOne = { buttons: Array.from({ length: 9 }, (_, r) => [0, 1, 2, 3, 4].map((c) => button(r * 5 + c))) };
    expect(await send({ message: 'k', keyboard: JSON.stringify(fortyOne) })).toMatchObject({ code: 911 });

    const element = (title: string, withPhoto = true) => ({
      title,
      description: 'd',
      ...(withPhoto ? { photo_id: `-${f.groupId}_1` } : {}),
      buttons: [{ action: { type: 'callback', label: 'Купить', payload: JSON.stringify({ buy: title }) } }],
      action: { type: 'open_photo' },
    });
    const carousel = (elements: unknown[]) => JSON.stringify({ type: 'carousel', elements });
    expect(await send({ message: 'c', template: carousel(Array.from({ length: 11 }, (_, i) => element(`t${i}`))) })).toMatchObject({
      code: 100,
    });
    expect(await send({ message: 'c', template: carousel([element('x'.repeat(81))]) })).toMatchObject({ code: 100 });
    expect(await send({ message: 'c', template: carousel([element('a'), element('b', false)]) })).toMatchObject({
      code: 100,
      message: expect.stringContaining('same structure'),
    });

    // A valid carousel can be pressed.
    const events: unknown[] = [];
    vk.updates.on('message_event', (ctx: MessageEventContext) => {
      events.push(ctx.eventPayload);
    });
    await vk.updates.startPolling();
    await send({ message: 'Товары', template: carousel([element('Чайник'), element('Утюг')]) });
    f.pressCarousel(alice, 'Утюг', 'Куп');
    await f.settle();
    expect(events).toEqual([{ buy: 'Утюг' }]);
    expect(() => f.pressCarousel(alice, 'Пылесос', 'Купить')).toThrow(/Чайник/);

    expect(
      await vk.api.messages.edit({ peer_id: alice.id, conversation_message_id: 999, message: 'x' }).catch((e: unknown) => e),
    ).toMatchObject({ code: 909 });
  });

  it('runs the photo upload chain from a Buffer and from a pictureUrl', async () => {
    const f = await start();
    const vk = makeVk(f);
    const picture = await fetch(f.pictureUrl('kettle'));
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await picture.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect((await fetch(f.pictureUrl('missing-iron'))).status).toBe(404);

    const fromBuffer = await vk.upload.messagePhoto({ peer_id: alice.id, source: { value: bytes } });
    const fromUrl = await vk.upload.messagePhoto({ peer_id: alice.id, source: { value: f.pictureUrl('iron') } });
    expect(f.uploads).toBe(2);
    expect(fromBuffer.ownerId).toBe(-f.groupId);
    expect(String(fromBuffer)).toMatch(new RegExp(`^photo-${f.groupId}_\\d+_[0-9a-f]+$`));
    expect(String(fromUrl)).not.toBe(String(fromBuffer));
    expect(f.callsOf('photos.getMessagesUploadServer')[0]?.params['peer_id']).toBe(String(alice.id));
    expect(f.callsOf('upload')[0]?.params).toMatchObject({ photo: 'file0.jpg', 'photo.type': 'image/jpeg' });
    expect(f.callsOf('photos.saveMessagesPhoto')[0]?.params).toMatchObject({ server: expect.stringMatching(/^\d+$/), hash: expect.any(String) });

    await vk.api.messages.send({ peer_id: alice.id, message: '', attachment: `${String(fromBuffer)},${String(fromUrl)}`, random_id: 5 });
    expect(f.lastMessage(alice.id)?.attachment).toBe(`${String(fromBuffer)},${String(fromUrl)}`);
  });

  it('settles across a handler that makes several paced API calls, and close() releases a held poll', async () => {
    const f = await start();
    const vk = makeVk(f);
    vk.updates.on('message_new', async (ctx: MessageContext) => {
      await vk.api.messages.setActivity({ peer_id: ctx.peerId, type: 'typing' });
      await vk.api.messages.send({ peer_id: ctx.peerId, message: 'one', random_id: 1 });
      await vk.api.messages.send({ peer_id: ctx.peerId, message: 'two', random_id: 2 });
    });
    await vk.updates.startPolling();
    f.sendText(alice, 'go');
    await f.settle();
    expect(f.messages(alice.id).map((m) => m.text)).toEqual(['one', 'two']);

    await vk.updates.stop();
    const t0 = Date.now();
    await f.close();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

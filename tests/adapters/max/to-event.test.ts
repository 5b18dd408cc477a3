import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contactPhone, maxTarget, toEvent, type MaxUpdate } from '../../../src/adapters/max/to-event.js';

const fixture = (name: string): MaxUpdate => JSON.parse(readFileSync(new URL(`../../fixtures/max/${name}.json`, import.meta.url), 'utf8')) as MaxUpdate;

/** The text fixture with its body changed. */
function message(body: Record<string, unknown>, fields: { chatType?: string; sender?: Record<string, unknown>; locale?: string | null } = {}): MaxUpdate {
  const update = fixture('message-created-text');
  update['message'].body = { ...update['message'].body, ...body };
  if (fields.chatType) update['message'].recipient.chat_type = fields.chatType;
  if (fields.sender) update['message'].sender = { ...update['message'].sender, ...fields.sender };
  if (fields.locale !== undefined) update['user_locale'] = fields.locale;
  return update;
}

describe('MAX update → engine event', () => {
  it('reads a text in a dialog as a private conversation (chatId = the user), with locale and name', () => {
    expect(toEvent(fixture('message-created-text'), 7)).toEqual({
      type: 'text',
      text: 'кеды',
      ref: { storefrontId: 7, channel: 'max', chatId: '48120001', userId: '48120001' },
      eventId: 'max:msg:mid.00000000046ab1e2019aef0f7c4d12a1',
      localeHint: 'ru',
      profileName: 'Мария Иванова',
    });
  });

  it('reads commands with arguments and /start with a payload', () => {
    expect(toEvent(message({ text: '/orders 12' }), 1)).toMatchObject({ type: 'command', name: 'orders', args: '12' });
    expect(toEvent(message({ text: '/start p42' }), 1)).toMatchObject({ type: 'start', payload: 'p42' });
    expect(toEvent(message({ text: '/help@sarafan_bot' }), 1)).toMatchObject({ type: 'command', name: 'help', args: '' });
  });

  it('reads bot_started as the first contact, with the deep link payload', () => {
    const event = toEvent(fixture('bot-started'), 1);
    expect(event).toMatchObject({ type: 'start', payload: 'p42', ref: { chatId: '48120001', userId: '48120001' }, localeHint: 'ru', profileName: 'Мария Иванова' });
    expect(event?.eventId).toBe('max:start:73510042:1764789900000');
    const plain = fixture('bot-started');
    delete plain['payload'];
    expect(toEvent(plain, 1)).toMatchObject({ type: 'start', payload: undefined });
    expect(toEvent({ ...plain, payload: '' }, 1)).toMatchObject({ type: 'start', payload: undefined });
  });

  it('reads a button press with its payload and keeps the callback id for the answer', () => {
    expect(toEvent(fixture('message-callback'), 1)).toEqual({
      type: 'action',
      data: 'c:3:0',
      callbackId: 'f9LHodD0cOKZ2rOs1W9Xb5B0wIXNdEp0cXvbF4lk2ehRwAnt',
      ref: { storefrontId: 1, channel: 'max', chatId: '48120001', userId: '48120001' },
      eventId: 'max:cb:f9LHodD0cOKZ2rOs1W9Xb5B0wIXNdEp0cXvbF4lk2ehRwAnt',
      localeHint: 'ru',
      profileName: 'Мария Иванова',
    });
  });

  it('ignores presses it cannot place: no message, no payload, a bot, a channel', () => {
    const noMessage = fixture('message-callback');
    noMessage['message'] = null;
    expect(toEvent(noMessage, 1)).toBeNull();
    const noPayload = fixture('message-callback');
    delete noPayload['callback'].payload;
    expect(toEvent(noPayload, 1)).toBeNull();
    const bot = fixture('message-callback');
    bot['callback'].user.is_bot = true;
    expect(toEvent(bot, 1)).toBeNull();
    const channel = fixture('message-callback');
    channel['message'].recipient.chat_type = 'channel';
    expect(toEvent(channel, 1)).toBeNull();
  });

  it('reads a shared contact: the vCard phone without "+" becomes E.164, own when it is the sender', () => {
    expect(toEvent(fixture('message-created-contact'), 1)).toMatchObject({ type: 'contact', phone: '+79161234567', own: true });
    const other = fixture('message-created-contact');
    other['message'].body.attachments[0].payload.max_info.user_id = 999;
    expect(toEvent(other, 1)).toMatchObject({ type: 'contact', phone: '+79161234567', own: false });
    const noTel = fixture('message-created-contact');
    noTel['message'].body.attachments[0].payload.vcf_info = 'BEGIN:VCARD\r\nFN:X\r\nEND:VCARD';
    expect(toEvent(noTel, 1)).toMatchObject({ type: 'unsupported', what: 'contact' });
  });

  it('normalises vCard phones, passing a bad one on with "+" for the checkout to explain', () => {
    expect(contactPhone('TEL;TYPE=cell:79161234567')).toBe('+79161234567');
    expect(contactPhone('TEL:+7 (916) 123-45-67')).toBe('+79161234567');
    expect(contactPhone('tel;type=CELL:380441234567')).toBe('+380441234567');
    expect(contactPhone('TEL;TYPE=cell:7916')).toBe('+7916');
    expect(contactPhone('FN:nobody')).toBeUndefined();
  });

  it('reads photos by token, locations, and marks stickers, video, files as unsupported', () => {
    expect(toEvent(message({ text: 'вот такие', attachments: [{ type: 'image', payload: { photo_id: 5, token: 'tok5', url: 'https://i/5.jpg' } }] }), 1)).toMatchObject({
      type: 'photo',
      fileRef: 'max:tok5',
    });
    expect(toEvent(message({ text: null, attachments: [{ type: 'location', latitude: 55.7, longitude: 37.6 }] }), 1)).toMatchObject({ type: 'location' });
    expect(toEvent(fixture('message-created-sticker'), 1)).toMatchObject({ type: 'unsupported', what: 'sticker', localeHint: 'en', profileName: 'John' });
    expect(toEvent(message({ text: 'смотри', attachments: [{ type: 'video', payload: { url: 'u', token: 't' } }] }), 1)).toMatchObject({ type: 'unsupported', what: 'video' });
    expect(toEvent(message({ text: null, attachments: [{ type: 'file', payload: { url: 'u', token: 't' }, filename: 'a.pdf', size: 1 }] }), 1)).toMatchObject({ type: 'unsupported', what: 'file' });
    // A link preview comes with the text that has the link: the text counts.
    expect(toEvent(message({ text: 'https://example.com', attachments: [{ type: 'share', payload: { url: 'https://example.com' } }] }), 1)).toMatchObject({ type: 'text' });
  });

  it('ignores empty messages, other bots, channels and every other update type', () => {
    expect(toEvent(message({ text: null, attachments: null }), 1)).toBeNull();
    expect(toEvent(message({ text: '   ' }), 1)).toBeNull();
    expect(toEvent(message({}, { sender: { is_bot: true } }), 1)).toBeNull();
    expect(toEvent(message({}, { chatType: 'channel' }), 1)).toBeNull();
    for (const update_type of ['message_edited', 'message_removed', 'bot_added', 'bot_removed', 'bot_stopped', 'user_added', 'chat_title_changed', 'dialog_cleared', 'something_new']) {
      expect(toEvent({ ...fixture('message-created-text'), update_type }, 1)).toBeNull();
    }
  });

  it('passes group chat texts on (the warehouse chat) with the chat apart from the writer, but not their attachments', () => {
    const group = message({ text: 'СДЭК 1234567890' }, { chatType: 'chat' });
    group['message'].recipient.chat_id = -68012345;
    expect(toEvent(group, 1)).toMatchObject({ type: 'text', text: 'СДЭК 1234567890', ref: { chatId: '-68012345', userId: '48120001' } });
    expect(toEvent(message({ text: null, attachments: [{ type: 'sticker', payload: {} }] }, { chatType: 'chat' }), 1)).toBeNull();
    const press = fixture('message-callback');
    press['message'].recipient.chat_type = 'chat';
    press['message'].recipient.chat_id = -68012345;
    expect(toEvent(press, 1)).toMatchObject({ type: 'action', data: 'c:3:0', ref: { chatId: '-68012345' } });
  });

  it('writes to a dialog by the user id and to a group chat by its chat id', () => {
    expect(maxTarget('48120001')).toEqual({ user_id: 48120001 });
    expect(maxTarget('-68012345')).toEqual({ chat_id: -68012345 });
  });

  it('leaves the locale out when MAX sends none, and falls back to the deprecated name', () => {
    const event = toEvent(message({}, { locale: null, sender: { first_name: '', last_name: null, name: 'Маша' } }), 1);
    expect(event?.localeHint).toBeUndefined();
    expect(event?.profileName).toBe('Маша');
  });
});

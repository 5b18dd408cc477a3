import { describe, expect, it } from 'vitest';
import { toEvent } from '../../../src/adapters/vk/to-event.js';

const message = (fields: Record<string, unknown>, clientInfo: Record<string, unknown> = { lang_id: 0 }) => ({
  type: 'message_new',
  event_id: 'abc',
  object: { message: { id: 5, peer_id: 42, from_id: 42, text: '', attachments: [], ...fields }, client_info: clientInfo },
});

describe('VK update → engine event', () => {
  it('reads text, commands, the start button, deep links and button payloads', () => {
    expect(toEvent(message({ text: 'кеды' }), 1)).toMatchObject({ type: 'text', text: 'кеды', eventId: 'vk:abc', localeHint: 'ru', ref: { channel: 'vk', chatId: '42', userId: '42' } });
    expect(toEvent(message({ text: '/help' }), 1)).toMatchObject({ type: 'command', name: 'help' });
    expect(toEvent(message({ text: 'Начать', payload: '{"command":"start"}' }), 1)).toMatchObject({ type: 'start' });
    expect(toEvent(message({ text: 'hi', ref: 'p12' }), 1)).toMatchObject({ type: 'start', payload: 'p12' });
    expect(toEvent(message({ text: 'Каталог', payload: '{"a":"c:0:0"}' }), 1)).toMatchObject({ type: 'action', data: 'c:0:0' });
  });

  it('turns malformed and foreign payloads into a stale action', () => {
    expect(toEvent(message({ text: 'x', payload: '{oops' }), 1)).toMatchObject({ type: 'action', data: '' });
    expect(toEvent(message({ text: 'x', payload: '{"button":"1"}' }), 1)).toMatchObject({ type: 'action', data: '' });
  });

  it('reads callback presses, with no language (the buyer keeps theirs)', () => {
    const event = toEvent({ type: 'message_event', event_id: 'e', object: { user_id: 7, peer_id: 7, event_id: 'x', payload: { a: 'h' } } }, 1);
    expect(event).toMatchObject({ type: 'action', data: 'h', ref: { userId: '7' } });
    expect(event?.localeHint).toBeUndefined();
  });

  it('reads English clients and marks stickers, voice and files as unsupported', () => {
    expect(toEvent(message({ text: 'hi' }, { lang_id: 3 }), 1)?.localeHint).toBe('en');
    expect(toEvent(message({ attachments: [{ type: 'sticker' }] }), 1)).toMatchObject({ type: 'unsupported', what: 'sticker' });
    expect(toEvent(message({ attachments: [{ type: 'audio_message' }] }), 1)).toMatchObject({ type: 'unsupported' });
    expect(toEvent(message({ attachments: [{ type: 'photo', photo: { owner_id: 1, id: 2 } }] }), 1)).toMatchObject({ type: 'photo' });
  });

  it('passes group chat messages on with the chat and the writer apart, without the mention of the community', () => {
    expect(toEvent(message({ text: '[club200000001|@sarafan] СДЭК 1234567890', peer_id: 2000000001, from_id: 42 }), 1)).toMatchObject({
      type: 'text',
      text: 'СДЭК 1234567890',
      ref: { chatId: '2000000001', userId: '42' },
    });
    expect(toEvent({ type: 'message_event', object: { user_id: 7, peer_id: 2000000001, event_id: 'x', payload: { a: 'w:1:0' } } }, 1)).toMatchObject({
      ref: { chatId: '2000000001', userId: '7' },
    });
    // Someone joined the chat: a service message, nothing to answer.
    expect(toEvent(message({ text: '', peer_id: 2000000001, action: { type: 'chat_invite_user', member_id: 5 } }), 1)).toBeNull();
  });

  it('ignores communities, edits and other update types', () => {
    expect(toEvent(message({ text: 'hi', from_id: -5 }), 1)).toBeNull();
    expect(toEvent({ type: 'message_edit', object: {} }, 1)).toBeNull();
    expect(toEvent({ type: 'group_join', object: { user_id: 1 } }, 1)).toBeNull();
  });
});

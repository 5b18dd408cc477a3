import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEvent } from '../../../src/adapters/telegram/to-event.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/telegram/${name}.json`, import.meta.url), 'utf8'));

describe('Telegram update → engine event', () => {
  it('reads a command without an entity, as some clients send it', () => {
    expect(toEvent(fixture('command_with_parameters'), 1)).toMatchObject({
      type: 'command',
      name: 'register',
      args: 'HR John Doe',
      ref: { storefrontId: 1, channel: 'telegram', chatId: '456', userId: '456' },
      localeHint: 'en',
      eventId: 'tg:3',
    });
  });

  it('reads /start with a deep-link payload', () => {
    const update = fixture('text');
    update.message.text = '/start p42';
    expect(toEvent(update, 1)).toMatchObject({ type: 'start', payload: 'p42' });
  });

  it('reads a button press, a contact and a photo', () => {
    expect(toEvent(fixture('callback_query'), 1)).toMatchObject({ type: 'action', data: 'thedata', profileName: 'Mario' });
    expect(toEvent(fixture('contact'), 1)).toMatchObject({ type: 'contact', phone: '911', own: false });
    expect(toEvent(fixture('photo'), 1)).toMatchObject({ type: 'photo' });
  });

  it('marks what the bot cannot read as unsupported', () => {
    for (const name of ['sticker', 'voice', 'document', 'video', 'audio', 'animation', 'dice']) {
      expect(toEvent(fixture(name), 1), name).toMatchObject({ type: 'unsupported' });
    }
  });

  it('ignores what a storefront does not answer', () => {
    for (const name of ['channel_post', 'edited_message', 'my_chat_member', 'chat_member', 'inline_query', 'poll_answer', 'message_reaction', 'pre_checkout_query', 'shipping_query', 'business_message', 'callback_query_without_message']) {
      expect(toEvent(fixture(name), 1), name).toBeNull();
    }
  });
});

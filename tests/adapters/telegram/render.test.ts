import { describe, expect, it } from 'vitest';
import { renderKeyboard, renderReply } from '../../../src/adapters/telegram/render.js';

describe('Telegram rendering', () => {
  it('puts a short text under a photo as its caption, with the keyboard', () => {
    const messages = renderReply({ text: 'Кеды', photo: 'https://example.com/a.jpg', buttons: [[{ label: '39', action: 'a:1' }]] });
    expect(messages).toEqual([
      { kind: 'photo', photo: 'https://example.com/a.jpg', caption: 'Кеды', markup: { inline_keyboard: [[{ text: '39', callback_data: 'a:1' }]] } },
    ]);
  });

  it('sends a caption over 1024 characters as text after the photo, keyboard on the last message', () => {
    const text = 'описание '.repeat(200);
    const messages = renderReply({ text, photo: 'https://example.com/a.jpg', buttons: [[{ label: 'ok', action: 'h' }]] });
    expect(messages[0]).toEqual({ kind: 'photo', photo: 'https://example.com/a.jpg' });
    expect(messages.slice(1).map((m) => (m.kind === 'text' ? m.text : '')).join(' ')).toBe(text);
    expect(messages.at(-1)!.markup).toBeDefined();
  });

  it('sends a photo that was sent to the bot by its file id', () => {
    expect(renderReply({ text: 'Кеды', photo: 'tg:AgADBAAD' })[0]).toMatchObject({ kind: 'photo', photo: 'AgADBAAD' });
  });

  it('splits text over 4096 characters', () => {
    const messages = renderReply({ text: 'строка\n'.repeat(1000) });
    expect(messages.length).toBe(2);
    expect(messages.every((m) => m.kind === 'text' && m.text.length <= 4096)).toBe(true);
  });

  it('uses a reply keyboard when a button shares the phone number', () => {
    expect(
      renderKeyboard([[{ label: '📱 Номер', requestContact: true }], [{ label: '⬅️ Назад', action: 'ob' }]]),
    ).toMatchObject({ keyboard: [[{ text: '📱 Номер', request_contact: true }], [{ text: '⬅️ Назад' }]], one_time_keyboard: true });
    expect(renderKeyboard(undefined, true)).toEqual({ remove_keyboard: true });
  });
});

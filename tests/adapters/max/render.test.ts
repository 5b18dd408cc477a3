import { describe, expect, it } from 'vitest';
import { imageAttachment, maxLimits, photoOf, renderKeyboard, renderReply, withImage } from '../../../src/adapters/max/render.js';
import { keyboard, keyboardLimits, type Button } from '../../../src/shared/replies.js';
import { validateKeyboard } from '../../helpers/fake-max.js';

const cb = (i: number): Button => ({ label: `b${i}`, action: `a:${i}` });

describe('MAX rendering', () => {
  it('renders callback, link and contact-request buttons as one inline keyboard', () => {
    const attachment = renderKeyboard([[cb(1), { label: 'Сайт', url: 'https://example.com' }], [{ label: '📱 Мой номер', requestContact: true }]]);
    expect(attachment).toEqual({
      type: 'inline_keyboard',
      payload: {
        buttons: [
          [{ type: 'callback', text: 'b1', payload: 'a:1' }, { type: 'link', text: 'Сайт', url: 'https://example.com' }],
          [{ type: 'request_contact', text: '📱 Мой номер' }],
        ],
      },
    });
    expect(renderKeyboard(undefined)).toBeUndefined();
    expect(renderKeyboard([[], []])).toBeUndefined();
  });

  it('splits a row with a link or contact button into rows of three, as MAX demands', () => {
    const row = [cb(1), cb(2), { label: 'L', url: 'https://example.com' }, cb(4), cb(5)];
    const rows = renderKeyboard([row])!.payload as { buttons: unknown[][] };
    expect(rows.buttons.map((r) => r.length)).toEqual([3, 2]);
    // Callback-only rows keep the engine's up to five.
    expect((renderKeyboard([[1, 2, 3, 4, 5].map(cb)])!.payload as { buttons: unknown[][] }).buttons.map((r) => r.length)).toEqual([5]);
  });

  it('fits every keyboard the engine may build into MAX limits', () => {
    const link = (i: number): Button => ({ label: 'x'.repeat(keyboardLimits.label), url: `https://example.com/${i}` });
    const longAction = (i: number): Button => ({ label: 'я'.repeat(keyboardLimits.label), action: `${i}`.padEnd(keyboardLimits.actionBytes, 'z') });
    const worst = [
      keyboard([[link(1), longAction(2), link(3), longAction(4), { label: 'c', requestContact: true }], [5, 6, 7, 8, 9].map(longAction)]),
      keyboard([[1, 2], [3, 4], [5, 6], [7, 8], [9], [10]].map((row) => row.map(link))),
    ];
    for (const buttons of worst) {
      const attachment = renderKeyboard(buttons);
      expect(() => validateKeyboard(attachment)).not.toThrow();
    }
    // The fake's validator is the real test: it refuses four buttons in a row with a link.
    expect(() => validateKeyboard({ type: 'inline_keyboard', payload: { buttons: [[1, 2, 3].map((i) => ({ type: 'callback', text: `${i}`, payload: 'p' })).concat([{ type: 'link', text: 'l', url: 'https://e' } as never])] } })).toThrow();
  });

  it('sends plain text without format, the keyboard and the picture with it', () => {
    const [message, ...rest] = renderReply({ text: 'Кеды *Nike* <b>', photo: 'https://shop.example/a.jpg', buttons: [[cb(1)]] });
    expect(rest).toEqual([]);
    expect(message).toEqual({
      body: { text: 'Кеды *Nike* <b>', attachments: [{ type: 'inline_keyboard', payload: { buttons: [[{ type: 'callback', text: 'b1', payload: 'a:1' }]] } }] },
      photo: { url: 'https://shop.example/a.jpg' },
    });
    expect(message!.body).not.toHaveProperty('format');
  });

  it('splits text over 4000 characters: the picture on the first part, the keyboard and document on the last', () => {
    const messages = renderReply({ text: 'строка\n'.repeat(1000), photo: 'max:tok1', buttons: [[cb(1)]], document: { filename: 'r.csv', content: 'a;b' } });
    expect(messages).toHaveLength(2);
    expect(messages.every((m) => [...(m.body.text ?? '')].length <= maxLimits.text)).toBe(true);
    expect(messages[0]).toMatchObject({ photo: { token: 'tok1' }, body: { attachments: [] } });
    expect(messages[0]).not.toHaveProperty('document');
    expect(messages[1]!.body.attachments).toHaveLength(1);
    expect(messages[1]).toMatchObject({ document: { filename: 'r.csv' } });
    expect(messages[1]).not.toHaveProperty('photo');
  });

  it('gives an edit an explicit empty attachment list, so the old keyboard goes away', () => {
    expect(renderReply({ text: 'Готово', replace: true })).toEqual([{ body: { text: 'Готово', attachments: [] } }]);
  });

  it('shows a carousel as its text and buttons, and ignores removeKeyboard (MAX has no reply keyboards)', () => {
    const messages = renderReply({
      text: 'Товары',
      buttons: [[cb(1)]],
      removeKeyboard: true,
      carousel: { title: 't', footer: 'f', cards: [{ title: 'Кеды', description: 'd', action: 'a:1', buttonLabel: 'b1' }] },
    });
    expect(messages).toEqual([{ body: { text: 'Товары', attachments: [renderKeyboard([[cb(1)]])] } }]);
  });

  it('reads picture references: a received MAX photo by token, a URL, never another messenger\'s file id', () => {
    expect(photoOf('max:abc')).toEqual({ token: 'abc' });
    expect(photoOf('https://x/y.jpg')).toEqual({ url: 'https://x/y.jpg' });
    expect(photoOf('tg:AgAD')).toBeUndefined();
    expect(photoOf('vk:photo1_2')).toBeUndefined();
    expect(photoOf('javascript:alert(1)')).toBeUndefined();
    expect(renderReply({ text: 'x', photo: 'tg:AgAD' })[0]).not.toHaveProperty('photo');
  });

  it('puts an image before the keyboard, and an empty text with a picture as null', () => {
    const [message] = renderReply({ text: '', photo: 'max:t', buttons: [[cb(1)]] });
    expect(message!.body.text).toBeNull();
    const body = withImage(message!.body, imageAttachment('t'));
    expect(body.attachments.map((a) => a.type)).toEqual(['image', 'inline_keyboard']);
    expect(withImage(message!.body, undefined)).toBe(message!.body);
  });
});

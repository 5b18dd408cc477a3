import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../src/adapters/vk/render.js';

const full = { callback: true, inlineKeyboard: true, carousel: true };

describe('VK rendering', () => {
  it('renders callback buttons with the action as payload', () => {
    const [message] = renderReply({ text: 'Меню', buttons: [[{ label: '🗂 Каталог', action: 'c:0:0' }]] }, full);
    expect(JSON.parse(message!.keyboard!)).toEqual({
      inline: true,
      buttons: [[{ action: { type: 'callback', label: '🗂 Каталог', payload: '{"a":"c:0:0"}' }, color: 'secondary' }]],
    });
  });

  it('falls back to text buttons and leaves out the contact button', () => {
    const [message] = renderReply(
      { text: 'Телефон?', buttons: [[{ label: '📱 Номер', requestContact: true }], [{ label: '⬅️ Назад', action: 'ob' }]] },
      { ...full, callback: false },
    );
    expect(JSON.parse(message!.keyboard!).buttons).toEqual([[{ action: { type: 'text', label: '⬅️ Назад', payload: '{"a":"ob"}' }, color: 'secondary' }]]);
  });

  it('splits text at 4096 with the keyboard on the last part and the photo on the first', () => {
    const messages = renderReply({ text: 'строка\n'.repeat(1000), photo: 'http://x/p.jpg', buttons: [[{ label: 'ok', action: 'h' }]] }, full);
    expect(messages.map((m) => m.message.length <= 4096)).toEqual([true, true]);
    expect(messages[0]!.photo).toBe('http://x/p.jpg');
    expect(messages[0]!.keyboard).toBeUndefined();
    expect(messages[1]!.keyboard).toBeDefined();
  });

  it('shows a product list as a carousel, the other buttons in a second message', () => {
    const reply = {
      text: 'Список',
      buttons: [[{ label: 'Кеды · 2 900 ₽', action: 'p:1:0' }], [{ label: '🏠 Меню', action: 'h' }]],
      carousel: { title: '🗂 Кеды', footer: 'Листайте', cards: [{ title: 'Кеды', description: '2 900 ₽', action: 'p:1:0', buttonLabel: 'Подробнее' }] },
    };
    const [tiles, rest] = renderReply(reply, full);
    expect(JSON.parse(tiles!.template!)).toEqual({
      type: 'carousel',
      elements: [{ title: 'Кеды', description: '2 900 ₽', buttons: [{ action: { type: 'callback', label: 'Подробнее', payload: '{"a":"p:1:0"}' }, color: 'secondary' }] }],
    });
    expect(JSON.parse(rest!.keyboard!).buttons.flat().map((b: any) => b.action.label)).toEqual(['🏠 Меню']);
    expect(renderReply(reply, { ...full, carousel: false })).toHaveLength(1);
  });
});

import { createTestApp } from '../helpers/engine-harness.js';
import { startFakeMax, type MaxUser } from '../helpers/fake-max.js';
import { createTestMaxAdapter } from '../helpers/max-harness.js';
import { pickLabel, type DriverFactory } from './chat-driver.js';

/** Drives the MAX adapter (the real `@maxhub/max-bot-api` client) through the fake MAX Bot API, long polling. */
export const maxDriver: DriverFactory = async (language) => {
  const app = createTestApp();
  const max = await startFakeMax();
  const adapter = createTestMaxAdapter(app, max);
  await adapter.start();
  const user: MaxUser = { user_id: 9001, first_name: 'Анна', last_name: 'Смирнова', locale: language === 'en' ? 'en-US' : 'ru-RU' };
  const chat = max.chatIdOf(user);
  let shown = '';
  const act = async (fn: () => void) => {
    const before = max.messages(chat, { includeDeleted: true }).map((m) => `${m.mid}:${m.edits}`);
    fn();
    await max.settle(8000);
    // What changed: new messages and edited ones.
    shown = max
      .messages(chat, { includeDeleted: true })
      .filter((m) => !before.includes(`${m.mid}:${m.edits}`))
      .map((m) => m.text ?? '')
      .join('\n');
  };
  const buttons = (): Array<{ text: string }> => {
    const withKeyboard = [...max.messages(chat)].reverse().find((m) => m.buttons?.length);
    return (withKeyboard?.buttons ?? []).flat();
  };
  return {
    app,
    say: (text) => act(() => max.sendText(user, text)),
    async press(part) {
      const all = buttons();
      const label = pickLabel(all.map((b) => b.text), part, shown);
      await act(() => max.press(user, label));
    },
    // MAX sends a shared contact's phone without `+`.
    sharePhone: (phone) => act(() => max.sendContact(user, phone.replace(/\D/g, ''))),
    lastText: () => shown,
    labels: () => buttons().map((b) => b.text),
    async close() {
      await adapter.stop();
      await max.close();
    },
  };
};

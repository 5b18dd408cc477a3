import { startTelegramHarness } from '../helpers/telegram-harness.js';
import type { FakeUser } from '../helpers/fake-telegram.js';
import { pickLabel, type DriverFactory } from './chat-driver.js';

const shownMethods = new Set(['sendMessage', 'sendPhoto', 'editMessageText', 'editMessageMedia', 'editMessageCaption']);

/** Drives the real grammY bot through the fake Bot API. */
export const telegramDriver: DriverFactory = async (language) => {
  const h = await startTelegramHarness();
  const user: FakeUser = { id: 7001, first_name: 'Анна', last_name: 'Смирнова', language_code: language };
  let mark = 0;
  const act = async (fn: () => void) => {
    mark = h.tg.calls.length;
    fn();
    await h.tg.settle();
  };
  const inlineLabels = () => {
    const last = [...h.tg.chat(user.id)].reverse().find((m) => m.reply_markup?.inline_keyboard);
    return (last?.reply_markup?.inline_keyboard ?? []).flat().map((b: { text: string }) => b.text) as string[];
  };
  const replyLabels = () => ((h.tg.replyKeyboard(user.id)?.keyboard ?? []) as Array<Array<{ text: string }>>).flat().map((b) => b.text);
  const driver = {
    app: h.app,
    say: (text: string) => act(() => h.tg.sendText(user, text)),
    async press(part: string | RegExp) {
      const inline = inlineLabels().find((l) => (typeof part === 'string' ? l.includes(part) : part.test(l)));
      if (inline) return act(() => h.tg.pressLatest(user, inline));
      // A reply-keyboard button sends its label as text.
      const label = pickLabel(replyLabels(), part, driver.lastText());
      return act(() => h.tg.sendText(user, label));
    },
    sharePhone: (phone: string) => act(() => h.tg.shareContact(user, phone.replace(/\D/g, ''))),
    lastText: () =>
      h.tg.calls
        .slice(mark)
        .filter((c) => shownMethods.has(c.method))
        .map((c) => c.params.text ?? c.params.caption ?? (typeof c.params.media === 'string' ? JSON.parse(c.params.media) : c.params.media)?.caption ?? '')
        .join('\n'),
    labels: () => [...inlineLabels(), ...replyLabels()],
    close: () => h.close(),
  };
  return driver;
};

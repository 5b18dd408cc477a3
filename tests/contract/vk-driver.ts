import type { VkUser } from '../helpers/fake-vk.js';
import { startVkHarness } from '../helpers/vk-harness.js';
import { pickLabel, type DriverFactory } from './chat-driver.js';

/** Drives the VK adapter (real vk-io) through the fake VK API, as a client with callback buttons and carousels. */
export const vkDriver: DriverFactory = async (language) => {
  const h = await startVkHarness();
  const user: VkUser = { id: 8001, first_name: 'Анна', last_name: 'Смирнова', lang_id: language === 'en' ? 3 : 0 };
  let seen = 0;
  let shown = '';
  const act = async (fn: () => void) => {
    const before = h.vk.messages(user.id, { includeDeleted: true }).map((m) => `${m.message_id}:${m.edits}`);
    fn();
    await h.vk.settle();
    // What changed: new messages and edited ones.
    shown = h.vk
      .messages(user.id, { includeDeleted: true })
      .filter((m) => !before.includes(`${m.message_id}:${m.edits}`))
      .map((m) => [m.text, ...(m.template?.elements ?? []).map((e: { title: string; description: string }) => `${e.title} ${e.description}`)].join('\n'))
      .join('\n');
    seen = h.vk.messages(user.id).length;
  };
  /** Buttons on the latest messages: the last keyboard, plus carousel tiles (by product title). */
  const buttons = () => {
    const messages = h.vk.messages(user.id);
    const withKeyboard = [...messages].reverse().find((m) => m.keyboard?.buttons?.length);
    const keyboard = ((withKeyboard?.keyboard?.buttons ?? []) as Array<Array<{ action: { label: string } }>>)
      .flat()
      .map((b) => ({ label: b.action.label, carousel: undefined as string | undefined }));
    const carousel = [...messages].reverse().find((m) => m.template);
    const tiles = ((carousel?.template?.elements ?? []) as Array<{ title: string; buttons: Array<{ action: { label: string } }> }>).map((e) => ({
      label: e.title,
      carousel: e.buttons[0]!.action.label,
    }));
    return [...keyboard, ...tiles];
  };
  void seen;
  return {
    app: h.app,
    say: (text) => act(() => h.vk.sendText(user, text)),
    async press(part) {
      const all = buttons();
      const label = pickLabel(all.map((b) => b.label), part, shown);
      const button = all.find((b) => b.label === label)!;
      await act(() => (button.carousel ? h.vk.pressCarousel(user, label, button.carousel) : h.vk.press(user, label)));
    },
    sharePhone: (phone) => act(() => h.vk.sendText(user, phone)),
    lastText: () => shown,
    labels: () => buttons().map((b) => b.label),
    close: () => h.close(),
  };
};

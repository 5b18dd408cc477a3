import type { Button, Reply } from '../../shared/replies.js';
import { splitText } from '../../shared/split-text.js';

/** VK's message limit in characters. */
export const vkTextLimit = 4096;

/** What the buyer's VK client can show. */
export interface VkCapabilities {
  /** Callback buttons (answered with sendMessageEventAnswer); text buttons with payload otherwise. */
  callback: boolean;
  /** Keyboards attached to messages; a one-time keyboard under the input field otherwise. */
  inlineKeyboard: boolean;
  carousel: boolean;
}

/** One VK message to send. */
export interface VkMessage {
  message: string;
  /** Keyboard JSON. */
  keyboard?: string;
  /** A picture URL, uploaded (once) and attached by the adapter. */
  photo?: string;
  /** Carousel template JSON. */
  template?: string;
}

/** Button payload: the engine's action code, short enough for VK's 255 characters. */
export const buttonPayload = (action: string) => JSON.stringify({ a: action });

function vkButton(button: Button, caps: VkCapabilities): object | undefined {
  if ('url' in button) return { action: { type: 'open_link', link: button.url, label: button.label } };
  if ('requestContact' in button) return undefined; // VK has no such button: the number is typed
  return {
    action: { type: caps.callback ? 'callback' : 'text', label: button.label, payload: buttonPayload(button.action) },
    color: button.label.startsWith('✅') ? 'positive' : 'secondary',
  };
}

/** Renders engine buttons as a VK keyboard (JSON), or undefined when nothing is left to show. */
export function renderKeyboard(buttons: Button[][] | undefined, caps: VkCapabilities): string | undefined {
  const rows = (buttons ?? [])
    .map((row) => row.map((b) => vkButton(b, caps)).filter((b): b is object => b !== undefined))
    .filter((row) => row.length > 0);
  if (rows.length === 0) return undefined;
  return JSON.stringify(caps.inlineKeyboard ? { inline: true, buttons: rows } : { one_time: true, buttons: rows });
}

/**
 * Renders one reply as VK messages. A product list becomes a carousel (tiles, then a message
 * with the remaining buttons) where the client has carousels; text over 4096 is split at line
 * breaks, the keyboard on the last part, the photo on the first.
 */
export function renderReply(reply: Reply, caps: VkCapabilities): VkMessage[] {
  if (reply.carousel && caps.carousel) {
    const cardActions = new Set(reply.carousel.cards.map((c) => c.action));
    const elements = reply.carousel.cards.map((card) => ({
      title: card.title,
      description: card.description,
      buttons: [vkButton({ label: card.buttonLabel, action: card.action }, caps)],
    }));
    const rest = (reply.buttons ?? []).map((row) => row.filter((b) => !('action' in b) || !cardActions.has(b.action)));
    const keyboard = renderKeyboard(rest, caps);
    return [
      { message: reply.carousel.title, template: JSON.stringify({ type: 'carousel', elements }) },
      ...(keyboard ? [{ message: reply.carousel.footer, keyboard }] : []),
    ];
  }
  const keyboard = renderKeyboard(reply.buttons, caps);
  const parts = splitText(reply.text, vkTextLimit);
  return parts.map((message, i) => ({
    message,
    keyboard: i === parts.length - 1 ? keyboard : undefined,
    photo: i === 0 ? reply.photo : undefined,
  }));
}

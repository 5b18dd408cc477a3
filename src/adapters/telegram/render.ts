import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import type { Button, Reply } from '../../shared/replies.js';
import { splitText } from '../../shared/split-text.js';

/** Telegram's limits in UTF-16 units: message text and photo caption. */
export const telegramLimits = { text: 4096, caption: 1024 } as const;

/** Any keyboard markup a Telegram message can carry. */
export type TelegramMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

/**
 * One Telegram message to send. `followUp` is an inline keyboard put on the message right after
 * it is sent: a message can carry only one markup, and removing a reply keyboard takes that one.
 */
export type TelegramMessage =
  | { kind: 'text'; text: string; markup?: TelegramMarkup; followUp?: InlineKeyboardMarkup }
  | { kind: 'photo'; photo: string; caption?: string; markup?: TelegramMarkup; followUp?: InlineKeyboardMarkup };

/**
 * Renders engine buttons: inline buttons normally; a reply keyboard when one of them shares the
 * phone number, since `request_contact` exists only there (its other buttons then send their label).
 */
export function renderKeyboard(buttons: Button[][] | undefined, removeKeyboard = false): TelegramMarkup | undefined {
  if (!buttons?.length) return removeKeyboard ? { remove_keyboard: true } : undefined;
  if (buttons.some((row) => row.some((b) => 'requestContact' in b))) {
    return {
      keyboard: buttons
        .map((row) => row.filter((b) => !('url' in b)).map((b) => ('requestContact' in b ? { text: b.label, request_contact: true } : { text: b.label })))
        .filter((row) => row.length > 0),
      resize_keyboard: true,
      one_time_keyboard: true,
      is_persistent: false,
    };
  }
  return {
    inline_keyboard: buttons.map((row) =>
      row.map((b) => ('url' in b ? { text: b.label, url: b.url } : { text: b.label, callback_data: (b as { action: string }).action })),
    ),
  };
}

/** True for markup that can be put on an edited message (only inline keyboards can). */
export function isEditable(markup: TelegramMarkup | undefined): markup is InlineKeyboardMarkup | undefined {
  return markup === undefined || 'inline_keyboard' in markup;
}

/**
 * Renders one reply as Telegram messages: a photo with the text as caption when it fits 1024,
 * otherwise the photo alone followed by the text; text over 4096 split at line breaks. The
 * keyboard goes on the last message, where the buyer's eyes are.
 */
export function renderReply(original: Reply): TelegramMessage[] {
  // A picture sent to the bot is referred to by its Telegram file id.
  const reply = original.photo?.startsWith('tg:') ? { ...original, photo: original.photo.slice(3) } : original;
  const keyboard = renderKeyboard(reply.buttons, reply.removeKeyboard);
  const removing = reply.removeKeyboard && keyboard && 'inline_keyboard' in keyboard;
  const markup: TelegramMarkup | undefined = removing ? { remove_keyboard: true } : keyboard;
  const followUp = removing ? (keyboard as InlineKeyboardMarkup) : undefined;
  if (reply.photo && reply.text.length <= telegramLimits.caption) {
    return [{ kind: 'photo', photo: reply.photo, caption: reply.text || undefined, markup, followUp }];
  }
  const parts = splitText(reply.text, telegramLimits.text);
  const texts: TelegramMessage[] = parts.map((text, i) => ({
    kind: 'text',
    text,
    markup: i === parts.length - 1 ? markup : undefined,
    followUp: i === parts.length - 1 ? followUp : undefined,
  }));
  return reply.photo ? [{ kind: 'photo', photo: reply.photo }, ...texts] : texts;
}

import type { Update } from 'grammy/types';
import { parseTypedText, type InboundEvent, type InboundPayload } from '../../engine/events.js';

// What a private-chat message holds that the bot does not read, by the field that marks it.
const unsupportedKinds = [
  'sticker',
  'voice',
  'video',
  'video_note',
  'audio',
  'animation',
  'document',
  'dice',
  'poll',
  'game',
  'story',
  'invoice',
] as const;

/** Private chats are the shop; groups carry only the warehouse chat's buttons and texts. */
const isGroup = (type: string) => type === 'group' || type === 'supergroup';

/**
 * Turns a Telegram update into an engine event, or `null` for what a storefront ignores:
 * channels, edits, service messages, other bots, payments, inline mode, and in groups
 * anything but texts and button presses (the engine serves only the warehouse group).
 */
export function toEvent(update: Update, storefrontId: number): InboundEvent | null {
  const base = (from: { id: number; first_name: string; last_name?: string; language_code?: string }, chatId: number) => ({
    ref: { storefrontId, channel: 'telegram' as const, chatId: String(chatId), userId: String(from.id) },
    eventId: `tg:${update.update_id}`,
    localeHint: from.language_code,
    profileName: [from.first_name, from.last_name].filter(Boolean).join(' ').trim() || undefined,
  });

  const query = update.callback_query;
  if (query) {
    // Without a message the button was on an inline-mode message the storefront never sent.
    if (!query.message || query.from.is_bot) return null;
    if (query.message.chat.type !== 'private' && !isGroup(query.message.chat.type)) return null;
    if (query.data === undefined) return null;
    return { ...base(query.from, query.message.chat.id), type: 'action', data: query.data };
  }

  const message = update.message;
  if (!message?.from || message.from.is_bot) return null;
  if (isGroup(message.chat.type)) return message.text === undefined ? null : { ...base(message.from, message.chat.id), ...parseTypedText(message.text) };
  if (message.chat.type !== 'private') return null;
  const payload = messagePayload(message, message.from.id);
  return payload && { ...base(message.from, message.chat.id), ...payload };
}

function messagePayload(message: NonNullable<Update['message']>, fromId: number): InboundPayload | null {
  // Commands are read from the text itself: some clients and forwarded texts carry no entity.
  if (message.text !== undefined) return parseTypedText(message.text);
  if (message.contact) {
    return { type: 'contact', phone: message.contact.phone_number, own: message.contact.user_id === fromId };
  }
  if (message.photo?.length) {
    return { type: 'photo', fileRef: `tg:${message.photo[message.photo.length - 1]!.file_id}` };
  }
  if (message.location || message.venue) return { type: 'location' };
  const kind = unsupportedKinds.find((k) => k in message);
  return kind ? { type: 'unsupported', what: kind } : null;
}

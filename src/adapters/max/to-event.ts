import { parseTypedText, type InboundEvent, type InboundPayload } from '../../engine/events.js';
import { parsePhone } from '../../shared/phone.js';

/**
 * A MAX Bot API update as long polling or a webhook delivers it. Typed loosely on purpose: MAX adds
 * update types and fields over time, and an unknown one must be ignored, not crash the poller.
 */
export interface MaxUpdate {
  update_type: string;
  /** Milliseconds. */
  timestamp?: number;
  [field: string]: any;
}

/**
 * An engine event from MAX. `callbackId` is set for button presses: MAX wants every press answered
 * (`POST /answers`), and that answer is also how the pressed message is edited in place.
 */
export type MaxInboundEvent = InboundEvent & { callbackId?: string };

/** MAX user as it appears in `sender`, `user` and `callback.user`. */
interface MaxUser {
  user_id: number;
  first_name?: string;
  last_name?: string | null;
  name?: string;
  is_bot?: boolean;
}

// Attachments a buyer may send that the bot does not read; `share` is a link preview and
// `inline_keyboard` a bot's own markup, both ignored when the message has text.
const ignoredWithText = new Set(['share', 'inline_keyboard']);

/**
 * Turns a MAX update into an engine event, or `null` for what a storefront ignores: other bots,
 * channels, edits, removals, membership and dialog changes, unknown update types, and in group
 * chats anything but texts and button presses (the engine serves only the warehouse chat there).
 *
 * - `bot_started` (the buyer opened the bot, or followed `max.ru/<bot>?start=<payload>`) → `start`
 *   with the payload: the deep link to a product or category;
 * - `message_created` → text, `/command args`, contact (its vCard phone, sent without `+`, as
 *   E.164), photo (`fileRef` `max:<token>`), location, or unsupported;
 * - `message_callback` → `action` with the button's payload, keeping `callbackId`.
 *
 * A dialog's `chat_id` is not the user's id, but the engine (like Telegram) knows a private
 * conversation by `chatId === userId`: so a dialog's `chatId` is the user's id and the adapter
 * writes to it with `POST /messages?user_id=`; a group chat's `chatId` is its `chat_id` (negative
 * on MAX), written to with `?chat_id=`. See {@link maxTarget}.
 */
export function toEvent(update: MaxUpdate, storefrontId: number): MaxInboundEvent | null {
  const base = (user: MaxUser, chatId: number, eventId: string) => ({
    ref: { storefrontId, channel: 'max' as const, chatId: String(chatId), userId: String(user.user_id) },
    eventId: `max:${eventId}`,
    localeHint: typeof update['user_locale'] === 'string' && update['user_locale'] ? (update['user_locale'] as string) : undefined,
    profileName: profileName(user),
  });

  if (update.update_type === 'bot_started') {
    const user = update['user'] as MaxUser | undefined;
    const chatId = update['chat_id'];
    if (!isPerson(user) || typeof chatId !== 'number') return null;
    const payload = typeof update['payload'] === 'string' && update['payload'] ? (update['payload'] as string) : undefined;
    return { ...base(user, user.user_id, `start:${chatId}:${update.timestamp ?? ''}`), type: 'start', payload };
  }

  if (update.update_type === 'message_callback') {
    const callback = update['callback'];
    const user = callback?.user as MaxUser | undefined;
    const recipient = update['message']?.recipient;
    // Without the message we cannot tell which chat the button was in.
    if (!isPerson(user) || typeof callback.callback_id !== 'string' || !recipient || typeof recipient.chat_id !== 'number') return null;
    if (recipient.chat_type !== 'dialog' && recipient.chat_type !== 'chat') return null;
    if (typeof callback.payload !== 'string') return null;
    const chat = recipient.chat_type === 'dialog' ? user.user_id : recipient.chat_id;
    return { ...base(user, chat, `cb:${callback.callback_id}`), type: 'action', data: callback.payload, callbackId: callback.callback_id };
  }

  if (update.update_type !== 'message_created') return null;
  const message = update['message'];
  const user = message?.sender as MaxUser | undefined;
  const recipient = message?.recipient;
  const body = message?.body;
  if (!isPerson(user) || !recipient || typeof recipient.chat_id !== 'number' || !body) return null;
  const eventId = `msg:${body.mid ?? `${recipient.chat_id}:${body.seq ?? ''}`}`;
  const text: string | undefined = typeof body.text === 'string' ? body.text : undefined;
  if (recipient.chat_type === 'chat') return text?.trim() ? { ...base(user, recipient.chat_id, eventId), ...parseTypedText(text) } : null;
  if (recipient.chat_type !== 'dialog') return null;
  const payload = messagePayload(text, Array.isArray(body.attachments) ? body.attachments : [], user.user_id);
  return payload && { ...base(user, user.user_id, eventId), ...payload };
}

/**
 * Where a `chatId` of a MAX conversation is written to: a group chat (negative id) by `chat_id`,
 * a dialog by the user's id (`user_id`), which MAX maps to the dialog.
 */
export function maxTarget(chatId: string): { chat_id: number } | { user_id: number } {
  const id = Number(chatId);
  return id < 0 ? { chat_id: id } : { user_id: id };
}

function isPerson(user: MaxUser | undefined): user is MaxUser {
  return !!user && typeof user.user_id === 'number' && !user.is_bot;
}

function profileName(user: MaxUser): string | undefined {
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return full || user.name?.trim() || undefined;
}

function messagePayload(text: string | undefined, attachments: any[], senderId: number): InboundPayload | null {
  const contact = attachments.find((a) => a?.type === 'contact');
  if (contact) {
    const phone = contactPhone(String(contact.payload?.vcf_info ?? ''));
    const owner = contact.payload?.max_info?.user_id;
    return phone ? { type: 'contact', phone, own: owner === senderId } : { type: 'unsupported', what: 'contact' };
  }
  // A picture with a caption is a picture, as in Telegram.
  const image = attachments.find((a) => a?.type === 'image');
  if (image) {
    const ref = image.payload?.token ?? image.payload?.url;
    return typeof ref === 'string' && ref ? { type: 'photo', fileRef: `max:${ref}` } : { type: 'unsupported', what: 'image' };
  }
  if (attachments.some((a) => a?.type === 'location')) return { type: 'location' };
  const other = attachments.find((a) => !ignoredWithText.has(a?.type));
  if (other) return { type: 'unsupported', what: String(other.type) };
  if (text?.trim()) return parseTypedText(text);
  const share = attachments[0];
  return share ? { type: 'unsupported', what: String(share.type) } : null;
}

/**
 * The phone of a shared contact, from the vCard's `TEL` line: MAX sends the digits without `+`
 * (`TEL;TYPE=cell:79161234567`), which are international, so they are read as E.164. A number that
 * does not parse is passed on as `+<digits>` for the checkout to explain what is wrong with it.
 */
export function contactPhone(vcf: string): string | undefined {
  const line = /^TEL[^:\r\n]*:(.+)$/im.exec(vcf)?.[1]?.trim();
  if (!line) return undefined;
  const digits = line.replace(/[^\d+]/g, '');
  if (!/\d/.test(digits)) return undefined;
  const parsed = parsePhone(digits, 'RU', { fromContact: true });
  if (parsed.ok) return parsed.e164;
  return digits.startsWith('+') ? digits : `+${digits}`;
}

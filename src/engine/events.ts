import type { ConversationRef } from '../shared/conversation.js';
import type { Locale } from '../shared/money.js';

/** What the person did, normalised across messengers. */
export type InboundPayload =
  | { type: 'start'; payload?: string }
  | { type: 'command'; name: string; args: string }
  | { type: 'text'; text: string }
  /** A button press; `data` is the action code the engine put on the button. */
  | { type: 'action'; data: string }
  /** A shared phone number; `own` when the contact is the sender's own account. */
  | { type: 'contact'; phone: string; own: boolean }
  /** A picture the person sent; `fileRef` is the messenger's own reference, prefixed `tg:` or `vk:`. */
  | { type: 'photo'; fileRef: string }
  | { type: 'location' }
  | { type: 'unsupported'; what: string };

/** One inbound event from any adapter. */
export type InboundEvent = InboundPayload & {
  ref: ConversationRef;
  /** Unique per messenger update, for logs and deduplication. */
  eventId: string;
  /** The messenger's language code for the user (`ru`, `en-GB`, ...), if it sent one. */
  localeHint?: string;
  /** The user's name as the messenger shows it, offered as the recipient's name at checkout. */
  profileName?: string;
};

/** Picks the bot's language from a messenger language code: Russian unless the person uses another language. */
export function pickLocale(hint: string | undefined): Locale {
  if (!hint) return 'ru';
  return hint.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/**
 * Reads typed text the way every messenger shows it: `/start payload`, `/command args`
 * (an optional `@botname` suffix ignored), or plain text.
 */
export function parseTypedText(text: string): InboundPayload {
  const command = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!command) return { type: 'text', text };
  const name = command[1]!.toLowerCase();
  const args = (command[2] ?? '').trim();
  return name === 'start' ? { type: 'start', payload: args || undefined } : { type: 'command', name, args };
}

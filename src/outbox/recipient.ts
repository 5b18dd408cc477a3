import type { Channel } from '../shared/conversation.js';

/** One person's chat, reached through the bot of a storefront (its own, else the franchisor's). */
export interface Recipient {
  storefrontId: number;
  channel: Channel;
  chatId: string;
}

/** The recipient as stored in `outbox.recipient`: `<storefront id>:<channel>:<chat id>`. */
export function recipientKey(to: Recipient): string {
  return `${to.storefrontId}:${to.channel}:${to.chatId}`;
}

/** The recipient of a stored key; chat ids may hold anything after the second colon. */
export function parseRecipient(key: string): Recipient {
  const first = key.indexOf(':');
  const second = key.indexOf(':', first + 1);
  return { storefrontId: Number(key.slice(0, first)), channel: key.slice(first + 1, second) as Channel, chatId: key.slice(second + 1) };
}

import type { DeliveryLimits } from './delivery-queue.js';

/**
 * Telegram's limits (core.telegram.org/bots/faq): about 30 messages a second per bot, about one a
 * second per chat (short bursts pass), 20 a minute per group. A group's allowance is set so that no
 * 60-second window holds more than 20.
 */
export const telegramLimits: DeliveryLimits = {
  perSecond: 30,
  chat: (key) => (key.startsWith('edit:') ? editAllowance : key.startsWith('-') ? { burst: 3, perMinute: 17 } : { burst: 3, perMinute: 60 }),
};

/** A chat's allowance for edits of messages already there (Telegram counts them apart from new messages in groups). */
export const editAllowance = { burst: 3, perMinute: 60 };

/** VK's limit for a community token: 20 requests a second; chats get the same allowance as Telegram's. */
export const vkLimits: DeliveryLimits = {
  perSecond: 20,
  chat: (peerId) => (Number(peerId) >= 2_000_000_000 ? { burst: 3, perMinute: 17 } : { burst: 3, perMinute: 60 }),
};

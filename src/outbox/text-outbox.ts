import type { Db } from '../db/client.js';
import { enqueueText } from './outbox.js';
import type { Recipient } from './recipient.js';

/**
 * Ready texts for one person, queued by work that outlives its event (a feed import, a bot
 * connection): the outbox delivers them even if the bot is down when the work ends.
 */
export interface TextOutbox {
  /** Queues `text` to `to`; false when `key` was queued before. */
  enqueue(to: Recipient, text: string, key: string): boolean;
}

/** Creates the text outbox. */
export function createTextOutbox(db: Db): TextOutbox {
  return { enqueue: (to, text, key) => enqueueText(db, to, text, key) };
}

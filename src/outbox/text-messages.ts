import type { Notifier } from './notifier.js';
import type { TextPayload } from './outbox.js';
import type { DeliveryHandler } from './outbox-worker.js';
import { parseRecipient } from './recipient.js';

/** The outbox handler of `message` rows: a ready text to the one person the row names. */
export function createTextHandler(notify: Notifier): DeliveryHandler {
  return async (row) => {
    const { text } = JSON.parse(row.payload) as Partial<TextPayload>;
    if (row.recipient === null || !text) return { outcome: 'failed', error: 'no recipient or text' };
    await notify({ target: parseRecipient(row.recipient), replies: [{ text }] });
    return { outcome: 'done' };
  };
}

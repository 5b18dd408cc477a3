import type { Reply } from '../shared/replies.js';
import type { Recipient } from './recipient.js';

/** A message to one person other than the sender of an event (staff, a buyer). */
export interface Notification {
  target: Recipient;
  replies: Reply[];
}

/**
 * Sends a message through the messenger; throws when it could not. Only outbox delivery handlers
 * call it (an architecture test enforces this): every message to another person is a persisted
 * outbox row first, so a crash or a failure loses none.
 */
export type Notifier = (notification: Notification) => Promise<void>;

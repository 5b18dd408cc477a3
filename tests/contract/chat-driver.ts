import type { TestApp } from '../helpers/engine-harness.js';

/**
 * One buyer talking to the shop through one adapter, driven the way a person would: typing,
 * pressing buttons by their label, sharing a phone number. The contract suite runs the same
 * scenarios through every adapter with this interface.
 */
export interface ChatDriver {
  /** The app behind the adapter, for checking what was stored. */
  app: TestApp;
  /** Types text (commands included) and waits until the bot has answered. */
  say(text: string): Promise<void>;
  /** Presses the button on the latest messages whose label contains `part` (or matches it). */
  press(part: string | RegExp): Promise<void>;
  /** Gives a phone number the way the messenger offers (Telegram: the contact button; others: typed). */
  sharePhone(phone: string): Promise<void>;
  /** Everything the bot showed in answer to the last action. */
  lastText(): string;
  /** Labels of the buttons the buyer can press now. */
  labels(): string[];
  close(): Promise<void>;
}

/** Makes a driver for a buyer whose messenger is set to `language`. */
export type DriverFactory = (language: 'ru' | 'en') => Promise<ChatDriver>;

/** Finds a label among `labels` containing `part` (or matching it); throws a readable error. */
export function pickLabel(labels: string[], part: string | RegExp, context: string): string {
  const found = labels.find((l) => (typeof part === 'string' ? l.includes(part) : part.test(l)));
  if (!found) throw new Error(`no button ${String(part)} among: ${labels.join(' | ')}\n--- screen ---\n${context}`);
  return found;
}

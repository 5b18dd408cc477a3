import { parseTypedText, type InboundPayload } from '../../engine/events.js';

/** Turns a typed line into an event payload: a button number presses that button. */
export function consoleInput(line: string, buttons: Map<number, string>): InboundPayload | { type: 'no-button'; number: number } {
  const trimmed = line.trim();
  if (/^\d{1,3}$/.test(trimmed)) {
    const action = buttons.get(Number(trimmed));
    return action ? { type: 'action', data: action } : { type: 'no-button', number: Number(trimmed) };
  }
  return parseTypedText(line);
}

import type { Button, Reply } from '../../shared/replies.js';
import { splitText } from '../../shared/split-text.js';

/**
 * MAX's limits: text ≤ 4000 characters; inline keyboards ≤ 210 buttons, ≤ 30 rows, ≤ 7 buttons a
 * row but ≤ 3 in a row that has a link or request button, button text ≤ 128, callback payload ≤ 1024.
 * The engine's keyboards (≤ 10 buttons, ≤ 5 a row, ≤ 6 rows, label ≤ 40, action ≤ 64 bytes) fit all
 * but the 3-a-row rule for link and contact buttons, which {@link renderKeyboard} enforces.
 */
export const maxLimits = { text: 4000, buttons: 210, rows: 30, perRow: 7, perRowWithLink: 3, buttonText: 128, payload: 1024 } as const;

/** An inline keyboard button as MAX takes it. */
export type MaxButton =
  | { type: 'callback'; text: string; payload: string }
  | { type: 'link'; text: string; url: string }
  | { type: 'request_contact'; text: string };

/** An attachment of a message the bot sends. */
export type MaxOutAttachment =
  | { type: 'inline_keyboard'; payload: { buttons: MaxButton[][] } }
  | { type: 'image'; payload: { token: string } | { url: string } };

/**
 * The body of `POST /messages`, of `PUT /messages` and of the `message` of `POST /answers`. No
 * `format`: the engine's texts are plain, so nothing is parsed as markup and nothing needs escaping.
 * On an edit, `attachments` always says what the message keeps: `[]` removes the old keyboard.
 */
export interface MaxMessageBody {
  text: string | null;
  attachments: MaxOutAttachment[];
}

/** A picture to show: a token MAX already has (a photo a person sent), or a URL to upload once and cache. */
export type MaxPhoto = { token: string } | { url: string };

/** One MAX message to send; the adapter resolves `photo` to an image token and puts it first. */
export interface MaxMessage {
  body: MaxMessageBody;
  photo?: MaxPhoto;
  /** A text file sent after the message (a CSV report), uploaded as a `file`. */
  document?: { filename: string; content: string };
}

function maxButton(button: Button): MaxButton {
  if ('url' in button) return { type: 'link', text: button.label, url: button.url };
  if ('requestContact' in button) return { type: 'request_contact', text: button.label };
  return { type: 'callback', text: button.label, payload: button.action };
}

/**
 * Renders engine buttons as a MAX inline keyboard, or undefined when there are none. MAX has the
 * contact-request button inline (no reply keyboard, unlike Telegram), so one keyboard serves all;
 * a row with a link or contact button is split into rows of at most three.
 */
export function renderKeyboard(buttons: Button[][] | undefined): MaxOutAttachment | undefined {
  const rows = (buttons ?? []).filter((row) => row.length > 0).map((row) => row.map(maxButton));
  if (rows.length === 0) return undefined;
  const fitted = rows.flatMap((row) => {
    const wide = row.some((b) => b.type !== 'callback');
    const size = wide ? maxLimits.perRowWithLink : maxLimits.perRow;
    const chunks: MaxButton[][] = [];
    for (let i = 0; i < row.length; i += size) chunks.push(row.slice(i, i + size));
    return chunks;
  });
  return { type: 'inline_keyboard', payload: { buttons: fitted } };
}

/**
 * Where a reply's picture comes from: `max:<token>` is a photo a person sent to this bot; a URL is
 * a product picture; another messenger's file reference (`tg:`, `vk:`) cannot be shown on MAX.
 */
export function photoOf(photo: string | undefined): MaxPhoto | undefined {
  if (!photo) return undefined;
  if (photo.startsWith('max:')) return { token: photo.slice(4) };
  return /^https?:\/\//i.test(photo) ? { url: photo } : undefined;
}

/**
 * Renders one reply as MAX messages. The picture goes with the text (MAX captions are as long as
 * texts); text over 4000 is split at line breaks, the picture on the first part and the keyboard
 * on the last, where the buyer's eyes are. Carousels are shown as text and buttons (MAX has none);
 * `removeKeyboard` needs nothing, as MAX has no reply keyboards.
 */
export function renderReply(reply: Reply): MaxMessage[] {
  const keyboard = renderKeyboard(reply.buttons);
  const photo = photoOf(reply.photo);
  const parts = splitText(reply.text, maxLimits.text);
  return parts.map((text, i) => {
    const last = i === parts.length - 1;
    const message: MaxMessage = { body: { text: text || null, attachments: last && keyboard ? [keyboard] : [] } };
    if (i === 0 && photo) message.photo = photo;
    if (last && reply.document) message.document = reply.document;
    return message;
  });
}

/** The image attachment for an uploaded (or received) picture's token. */
export function imageAttachment(token: string): MaxOutAttachment {
  return { type: 'image', payload: { token } };
}

/** The body with the picture attached before the keyboard (the order MAX shows them in). */
export function withImage(body: MaxMessageBody, image: MaxOutAttachment | undefined): MaxMessageBody {
  return image ? { ...body, attachments: [image, ...body.attachments] } : body;
}

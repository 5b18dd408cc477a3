import { KeyboardLimitError } from './errors.js';

/** A button: runs an engine action, opens a link, or (Telegram) shares the user's phone number. */
export type Button =
  | { label: string; action: string }
  | { label: string; url: string }
  | { label: string; requestContact: true };

/** A product tile, for messengers that show lists as a carousel (VK). */
export interface Card {
  /** ≤ 80 characters. */
  title: string;
  /** ≤ 80 characters. */
  description: string;
  /** The action that opens the product; the same as its button in the reply's keyboard. */
  action: string;
  buttonLabel: string;
}

/** A list of products that a carousel-capable messenger may show as tiles instead of buttons. */
export interface Carousel {
  /** Text sent with the tiles. */
  title: string;
  /** Text of the message that carries the rest of the keyboard (pages, back, home). */
  footer: string;
  cards: Card[];
}

/** One message to show. Adapters decide how (edit in place, photo with caption, split). */
export interface Reply {
  text: string;
  /** Picture URL shown with the text. */
  photo?: string;
  buttons?: Button[][];
  /** Replace the message whose button was pressed instead of sending a new one. */
  replace?: boolean;
  /** The products of this reply as tiles; adapters without carousels use `text` and `buttons`. */
  carousel?: Carousel;
  /** Take away a reply keyboard left by an earlier message (e.g. the "share my number" button). */
  removeKeyboard?: boolean;
  /** A text file sent after the message (a CSV report). */
  document?: { filename: string; content: string };
}

/**
 * The stricter of Telegram's and VK's limits (VK inline keyboards: ≤ 10 buttons, ≤ 5 per row,
 * ≤ 6 rows, label ≤ 40 characters; Telegram: callback_data ≤ 64 bytes). Every keyboard the engine
 * builds fits both, so a too-big keyboard fails a unit test, not a buyer.
 */
export const keyboardLimits = { buttons: 10, perRow: 5, rows: 6, label: 40, actionBytes: 64 } as const;

/** Shortens a label to the limit with an ellipsis. */
export function fitLabel(label: string, max: number = keyboardLimits.label): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Builds a keyboard from rows (falsy entries and empty rows dropped) and checks it against {@link keyboardLimits}. */
export function keyboard(rows: Array<Array<Button | false | undefined | null>>): Button[][] {
  const result = rows
    .map((row) => row.filter((b): b is Button => Boolean(b)))
    .filter((row) => row.length > 0);
  const total = result.reduce((n, row) => n + row.length, 0);
  if (total > keyboardLimits.buttons) throw new KeyboardLimitError(`keyboard has ${total} buttons`);
  if (result.length > keyboardLimits.rows) throw new KeyboardLimitError(`keyboard has ${result.length} rows`);
  for (const row of result) {
    if (row.length > keyboardLimits.perRow) throw new KeyboardLimitError(`row has ${row.length} buttons`);
    for (const b of row) {
      const length = [...b.label].length;
      if (length === 0 || length > keyboardLimits.label) {
        throw new KeyboardLimitError(`label "${b.label}" has ${length} characters`);
      }
      if ('action' in b && Buffer.byteLength(b.action, 'utf8') > keyboardLimits.actionBytes) {
        throw new KeyboardLimitError(`action "${b.action}" is over ${keyboardLimits.actionBytes} bytes`);
      }
    }
  }
  return result;
}

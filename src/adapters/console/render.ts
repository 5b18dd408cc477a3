import type { I18n } from '../../shared/i18n.js';
import type { Reply } from '../../shared/replies.js';
import type { Locale } from '../../shared/money.js';

/** A rendered screen: the text to print and what each button number does. */
export interface ConsoleScreen {
  text: string;
  /** Button number (from 1) → action code. */
  buttons: Map<number, string>;
}

/**
 * Renders replies for a terminal: pictures and links as bracketed notes, buttons numbered
 * across the whole answer. The "share my number" button has no terminal equivalent and is
 * left out (the prompt also says the number can be typed).
 */
export function renderConsole(replies: Reply[], i18n: I18n, locale: Locale, firstNumber = 1): ConsoleScreen {
  const buttons = new Map<number, string>();
  const next = () => firstNumber + buttons.size;
  const blocks = replies.map((reply) => {
    const lines: string[] = [];
    if (reply.photo) lines.push(i18n.t(locale, 'console-photo', { url: reply.photo }));
    lines.push(reply.text);
    if (reply.document) lines.push(i18n.t(locale, 'console-document', { file: reply.document.filename }), reply.document.content.replace(/^\uFEFF/, '').trimEnd());
    for (const row of reply.buttons ?? []) {
      const cells: string[] = [];
      for (const b of row) {
        if ('action' in b) {
          const n = next();
          buttons.set(n, b.action);
          cells.push(`[${n}] ${b.label}`);
        } else if ('url' in b) {
          cells.push(`${b.label} ${i18n.t(locale, 'console-link', { url: b.url })}`);
        }
      }
      if (cells.length) lines.push(`  ${cells.join('   ')}`);
    }
    return lines.join('\n');
  });
  return { text: blocks.join('\n\n'), buttons };
}

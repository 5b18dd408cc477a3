import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Engine } from '../../engine/engine.js';
import type { I18n } from '../../shared/i18n.js';
import type { Reply } from '../../shared/replies.js';
import type { ChatSender } from '../messenger.js';
import type { Locale } from '../../shared/money.js';
import { renderConsole } from './render.js';
import { consoleInput } from './to-event.js';

/** What the console chat needs. */
export interface ConsoleAdapterOptions {
  engine: Engine;
  i18n: I18n;
  storefrontId: number;
  shopName: string;
  locale: Locale;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** The local console chat: a third adapter on the same engine, for trying the shop without a token. */
export interface ConsoleAdapter extends ChatSender {
  readonly channel: 'console';
  /** Runs until the input ends or the person types /exit. */
  run(): Promise<void>;
  /**
   * Prints a message the shop sends on its own (order news, staff notices, warehouse cards): after
   * the answer being printed, if any, so that the screen reads in order.
   */
  send(chatId: string, replies: Reply[]): Promise<void>;
}

/** Creates the console chat adapter. */
export function createConsoleAdapter(opts: ConsoleAdapterOptions): ConsoleAdapter {
  const { engine, i18n, locale, output } = opts;
  const write = (text: string) => output.write(`${text}\n`);
  let buttons = new Map<number, string>();
  // Buttons printed since the person last typed.
  let shown = new Map<number, string>();
  // Event ids must differ from those of earlier runs: the engine skips ids it has seen.
  const session = randomUUID();
  let counter = 0;
  let busy = false;
  let running = false;
  const waiting: Reply[][] = [];

  /**
   * Prints replies. The answer to what the person typed numbers its buttons from 1; messages the
   * shop sends on its own until the next input continue the numbering, so every button on the
   * screen since the last input can still be pressed.
   */
  function show(replies: Reply[], answer: boolean): void {
    const screen = renderConsole(replies, i18n, locale, answer ? 1 : shown.size + 1);
    if (answer) {
      shown = screen.buttons;
      if (screen.buttons.size > 0) buttons = screen.buttons;
    } else if (screen.buttons.size > 0) {
      for (const [n, action] of screen.buttons) shown.set(n, action);
      buttons = shown;
    }
    write(`\n${screen.text}\n`);
  }

  async function handle(line: string): Promise<void> {
    const payload = consoleInput(line, buttons);
    if (payload.type === 'no-button') {
      write(i18n.t(locale, 'console-no-button', { number: payload.number }));
      return;
    }
    busy = true;
    try {
      show(
        await engine.handle({
          ...payload,
          ref: { storefrontId: opts.storefrontId, channel: 'console', chatId: 'local', userId: 'local' },
          eventId: `console:${session}:${++counter}`,
          localeHint: locale,
        }),
        true,
      );
      for (const replies of waiting.splice(0)) show(replies, false);
    } finally {
      busy = false;
    }
  }

  return {
    channel: 'console',
    async send(_chatId, replies) {
      if (busy || !running) {
        waiting.push(replies);
        return;
      }
      show(replies, false);
      output.write(`${i18n.t(locale, 'console-prompt')} `);
    },
    async run() {
      running = true;
      write(i18n.t(locale, 'console-intro', { shop: opts.shopName }));
      const lines = createInterface({ input: opts.input, terminal: false });
      const prompt = () => output.write(`${i18n.t(locale, 'console-prompt')} `);
      await handle('/start');
      prompt();
      for await (const line of lines) {
        if (line.trim() === '/exit') break;
        if (line.trim() !== '') await handle(line);
        prompt();
      }
      lines.close();
      running = false;
    },
  };
}

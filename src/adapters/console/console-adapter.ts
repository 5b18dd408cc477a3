import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Engine } from '../../engine/engine.js';
import type { I18n } from '../../engine/i18n.js';
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
export interface ConsoleAdapter {
  /** Runs until the input ends or the person types /exit. */
  run(): Promise<void>;
}

/** Creates the console chat adapter. */
export function createConsoleAdapter(opts: ConsoleAdapterOptions): ConsoleAdapter {
  const { engine, i18n, locale, output } = opts;
  const write = (text: string) => output.write(`${text}\n`);
  let buttons = new Map<number, string>();
  // Event ids must differ from those of earlier runs: the engine skips ids it has seen.
  const session = randomUUID();
  let counter = 0;

  async function handle(line: string): Promise<void> {
    const payload = consoleInput(line, buttons);
    if (payload.type === 'no-button') {
      write(i18n.t(locale, 'console-no-button', { number: payload.number }));
      return;
    }
    const replies = await engine.handle({
      ...payload,
      ref: { storefrontId: opts.storefrontId, channel: 'console', chatId: 'local', userId: 'local' },
      eventId: `console:${session}:${++counter}`,
      localeHint: locale,
    });
    const screen = renderConsole(replies, i18n, locale);
    if (screen.buttons.size > 0) buttons = screen.buttons;
    write(`\n${screen.text}\n`);
  }

  return {
    async run() {
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
    },
  };
}

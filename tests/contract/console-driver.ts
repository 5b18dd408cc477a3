import { PassThrough } from 'node:stream';
import { createConsoleAdapter } from '../../src/adapters/console/console-adapter.js';
import { createTestApp } from '../helpers/engine-harness.js';
import { pickLabel, type DriverFactory } from './chat-driver.js';

/** Drives the console chat through its input and output streams. */
export const consoleDriver: DriverFactory = async (language) => {
  const app = createTestApp();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  let mark = 0;
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const adapter = createConsoleAdapter({
    engine: app.engine,
    i18n: app.i18n,
    storefrontId: app.storefront.id,
    shopName: app.storefront.name,
    locale: language,
    input,
    output,
  });
  const prompt = app.i18n.t(language, 'console-prompt');
  const running = adapter.run();
  // Each line is answered when the next prompt appears.
  const promptCount = () => printed.split(prompt).length - 1;
  const waitForPrompt = async (count: number) => {
    for (let i = 0; i < 400 && promptCount() < count; i++) await new Promise((r) => setTimeout(r, 5));
  };
  await waitForPrompt(1);
  const type = async (line: string) => {
    const expected = promptCount() + 1;
    mark = printed.length;
    input.write(`${line}\n`);
    await waitForPrompt(expected);
  };
  const screen = () => printed.slice(mark);
  const buttons = () => {
    const text = printed.slice(printed.lastIndexOf(prompt, printed.length - prompt.length - 2));
    return [...text.matchAll(/\[(\d+)\] ([^\n]*?)(?=\s{3}\[\d+\]|\n|$)/g)].map((m) => ({ n: m[1]!, label: m[2]!.trim() }));
  };
  return {
    app,
    say: type,
    async press(part) {
      const label = pickLabel(buttons().map((b) => b.label), part, screen());
      await type(buttons().find((b) => b.label === label)!.n);
    },
    sharePhone: type,
    lastText: () => screen().replaceAll(prompt, ''),
    labels: () => buttons().map((b) => b.label),
    async close() {
      input.end();
      await running;
    },
  };
};

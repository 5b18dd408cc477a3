import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../../src/adapters/console/console-adapter.js';
import { orders } from '../../../src/db/schema.js';
import { createTestApp } from '../../helpers/engine-harness.js';

/** Runs the console chat on scripted input lines; returns everything it printed. */
async function chat(lines: Array<string | ((screen: string) => string)>, locale: 'ru' | 'en' = 'ru') {
  const app = createTestApp();
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => (printed += chunk.toString()));
  const adapter = createConsoleAdapter({
    engine: app.engine,
    i18n: app.i18n,
    storefrontId: app.storefront.id,
    shopName: app.storefront.name,
    locale,
    input,
    output,
  });
  const done = adapter.run();
  for (const line of lines) {
    await new Promise((r) => setTimeout(r, 15));
    input.write(`${typeof line === 'function' ? line(printed) : line}\n`);
  }
  await new Promise((r) => setTimeout(r, 15));
  input.end();
  await done;
  return { app, printed };
}

/** The number of the button whose label contains `part` on the last screen printed. */
const numberOf = (part: string) => (printed: string) => {
  const last = printed.split(/(?:вы|you)> /).filter((chunk) => chunk.trim()).at(-1) ?? '';
  const match = new RegExp(`\\[(\\d+)\\] [^\\[\\n]*${part}`).exec(last);
  if (!match) throw new Error(`no button "${part}" in:\n${last}`);
  return match[1]!;
};

describe('console chat', () => {
  it('shows the demo shop with numbered buttons and presses them by number', async () => {
    const { printed } = await chat([numberOf('Каталог'), numberOf('Обувь')]);
    expect(printed).toContain('Здравствуйте');
    expect(printed).toContain('[1] 🗂 Каталог');
    expect(printed).toContain('📁 Ботинки и сапоги');
  });

  it('places an order typed end to end', async () => {
    const { app, printed } = await chat([
      'челси',
      numberOf('Ботинки челси'),
      numberOf('39'),
      numberOf('Оформить'),
      numberOf('Согласен'),
      'Иван Петров',
      '+7 912 345-67-89',
      'Екатеринбург',
      'ул. Малышева, 5',
      numberOf('Пропустить'),
      numberOf('Подтвердить'),
    ]);
    expect(printed).toContain('[фото: https://');
    expect(printed).toContain('Заказ № 1001 оформлен');
    expect(app.db.select().from(orders).get()?.deliveryPhone).toBe('+79123456789');
  });

  it('says so when there is no button with that number', async () => {
    const { printed } = await chat(['77'], 'en');
    expect(printed).toContain('There is no button number 77');
  });
});

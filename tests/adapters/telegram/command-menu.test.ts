import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramHarness, type TelegramHarness } from '../../helpers/telegram-harness.js';

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function menu(harness: TelegramHarness, languageCode?: string): Promise<Array<{ command: string; description: string }>> {
  const response = await fetch(`${harness.tg.apiRoot}/bot${harness.tg.token}/getMyCommands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(languageCode ? { language_code: languageCode } : {}),
  });
  return ((await response.json()) as { result: Array<{ command: string; description: string }> }).result;
}

describe('the Telegram command menu', () => {
  it('offers /mydata and /forget in both languages, with texts from the locales', async () => {
    h = await startTelegramHarness();
    expect(await menu(h)).toEqual(
      expect.arrayContaining([
        { command: 'mydata', description: 'Мои данные' },
        { command: 'forget', description: 'Удалить мои данные' },
      ]),
    );
    expect(await menu(h, 'en')).toEqual(
      expect.arrayContaining([
        { command: 'mydata', description: 'My data' },
        { command: 'forget', description: 'Erase my data' },
      ]),
    );
  });
});

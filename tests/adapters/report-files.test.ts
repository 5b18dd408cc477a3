import { afterEach, describe, expect, it } from 'vitest';
import { ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createTestApp } from '../helpers/engine-harness.js';
import { anna, startTelegramHarness, type TelegramHarness } from '../helpers/telegram-harness.js';
import { startVkHarness, type VkHarness } from '../helpers/vk-harness.js';

let tg: TelegramHarness | undefined;
let vk: VkHarness | undefined;
afterEach(async () => {
  await tg?.close();
  await vk?.close();
  tg = vk = undefined;
});

describe('report files reach staff in both messengers', () => {
  it('Telegram: /earnings csv arrives as a document', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: String(anna.id) }]);
    tg = await startTelegramHarness(app);
    tg.tg.sendText(anna, '/earnings csv');
    await tg.tg.settle();
    const file = tg.tg.chat(anna.id).find((m) => m.document)!.document!;
    expect(file.filename).toMatch(/^sarafan-network-\d{6}\.csv$/);
    expect(file.text).toContain('Магазин;Доставлено;Отказов');
    expect(file.text).toContain('Тестовый магазин;0;0;;0,00');
  });

  it('VK: /earnings csv is uploaded as a document of the dialog and sent', async () => {
    const app = createTestApp();
    const olga = { id: 3001, first_name: 'Ольга' };
    ensureHqStaff(app.db, [{ channel: 'vk', userId: String(olga.id) }]);
    vk = await startVkHarness({ app });
    vk.vk.sendText(olga, '/earnings csv');
    await vk.vk.settle();
    expect(vk.vk.docs.map((d) => d.filename)).toEqual([expect.stringMatching(/^sarafan-network-\d{6}\.csv$/)]);
    expect(vk.vk.docs[0]!.text).toContain('Магазин;Доставлено;Отказов');
    expect(vk.vk.lastMessage(olga.id)?.attachment).toMatch(/^doc-\d+_\d+$/);
  });
});

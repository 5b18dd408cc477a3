import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/shared/logger.js';
import { configSecrets } from '../../src/runtime/config-secrets.js';
import { loadConfig } from '../../src/config.js';
import { createSecretList } from '../../src/shared/logger.js';
import type { FakeUser } from '../helpers/fake-telegram.js';
import { startShopHarness, until, type ShopHarness } from '../helpers/shop-harness.js';

let shop: ShopHarness | undefined;
afterEach(async () => {
  await shop?.close();
  shop = undefined;
});

/** A logger at the chattiest level whose every line is kept. */
function capturingLogger(secrets: string[] = []) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger({ level: 'trace', secrets, destination: sink }), output: () => lines.join('') };
}

const buyer: FakeUser = { id: 7101, first_name: 'Зинаида', last_name: 'Квашнина', language_code: 'ru' };
const staffUser: FakeUser = { id: 7102, first_name: 'Олег', language_code: 'ru' };
const picker: FakeUser = { id: 7103, first_name: 'Склад', language_code: 'ru' };
const warehouseChat = -1007100000001;
const name = 'Зинаида Квашнина';
const phone = '+79995551234';
const address = 'ул. Неповторимая, 987, кв. 65';
const comment = 'Домофон 4567';

describe('logs carry no buyer\'s personal data', () => {
  it('a full journey at trace level, with a refused edit and a failed delivery on the way, logs no name, phone or address', async () => {
    const { logger, output } = capturingLogger();
    shop = await startShopHarness(
      { WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}`, AUTO_CONFIRM_ORDERS: 'true', HQ_ADMINS: `telegram:${staffUser.id}` },
      { logger },
    );
    const { tg } = shop;
    tg.group(warehouseChat, 'Склад');
    const step = async (act: () => void) => {
      act();
      await tg.settle();
    };
    /** Presses the button of the buyer's latest message whose label contains `part`. */
    const press = (part: string) => {
      const labels: string[] = (tg.lastMessage(buyer.id)?.reply_markup?.inline_keyboard ?? []).flat().map((b: { text: string }) => b.text);
      const label = labels.find((l) => l.includes(part));
      if (!label) throw new Error(`no button with "${part}" among ${labels.join(' | ')}`);
      return step(() => tg.pressLatest(buyer, label));
    };
    await step(() => tg.sendText(staffUser, '/start'));
    await step(() => tg.sendText(buyer, '/start'));
    await press('Каталог');
    await press('Обувь');
    await step(() => tg.sendText(buyer, 'ботинки челси'));
    await press('Ботинки челси');
    await step(() => tg.pressLatest(buyer, '39'));
    await press('Оформить заказ');
    await press('Согласен');
    for (const answer of [name, phone, 'Кукуево', address]) await step(() => tg.sendText(buyer, answer));
    // Telegram refuses to edit the question into the summary (too old a message): the error repeats the request.
    tg.failNext('editMessageText', { error_code: 400, description: "Bad Request: message can't be edited" });
    await press('Пропустить');
    // The staff's alert fails once and is retried.
    tg.failNext('sendMessage', { error_code: 500, description: 'Internal Server Error' });
    await press('Подтвердить заказ');
    await until(() => (tg.lastMessage(warehouseChat)?.text ?? '').includes(name), 'the warehouse card');
    await step(() => tg.pressLatestIn(warehouseChat, picker, '🏬 Принят в сборку'));
    await until(() => tg.chat(staffUser.id).some((m) => (m.text ?? '').includes(name)), 'the staff alert');
    // The journey happened and reached everyone, with the details in it.
    expect(tg.chat(buyer.id).map((m) => m.text ?? '').join()).toContain('Заказ №');
    const log = output();
    expect(log.length).toBeGreaterThan(0);
    expect(log).toContain('edit failed');
    for (const secret of [name, 'Квашнина', phone, '999 555', 'Неповторимая']) expect(log).not.toContain(secret);
  }, 30_000);

  it('errors lose the request they repeat; fields named like personal data are censored', async () => {
    const { logger, output } = capturingLogger();
    const error = Object.assign(new Error("Call to 'sendMessage' failed! (400: Bad Request)"), {
      payload: { chat_id: 1, text: `Заказ для ${name}, ${phone}` },
      params: [{ key: 'message', value: address }],
      cause: Object.assign(new Error('inner'), { payload: { text: name } }),
    });
    logger.error({ err: error, deliveryPhone: phone, order: { address, comment } }, 'delivery failed');
    await new Promise((r) => setImmediate(r));
    const log = output();
    expect(log).toContain("Call to 'sendMessage' failed!");
    for (const secret of [name, phone, address, comment]) expect(log).not.toContain(secret);
  });
});

describe('scrubbed secrets', () => {
  it('SUPPLIER_API_SECRET never reaches the log, wherever it appears', async () => {
    const supplierSecret = 'whsec-0123456789abcdef-supplier';
    const config = loadConfig({
      FULFILLMENT_PROVIDER: 'http',
      SUPPLIER_API_URL: 'https://warehouse.example/api',
      SUPPLIER_API_SECRET: supplierSecret,
      SUPPLIER_CALLBACK_URL: 'https://shop.example/fulfillment/webhook',
    });
    const secrets = createSecretList(configSecrets(config));
    expect([...secrets.values]).toContain(supplierSecret);
    const { logger, output } = capturingLogger([...secrets.values]);
    logger.warn({ err: new Error(`signature with ${supplierSecret} refused`) }, `key ${supplierSecret}`);
    await new Promise((r) => setImmediate(r));
    expect(output()).toContain('[secret]');
    expect(output()).not.toContain(supplierSecret);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { startFakeTelegram, type FakeTelegram, type FakeUser } from '../helpers/fake-telegram.js';
import { startFakeWarehouse, type FakeWarehouse } from '../helpers/fake-warehouse.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const token = '123456789:AAHfakeTokenForCrashTests_abcdefghij';
const dbFile = join(tmpdir(), `sarafan-crash-${process.pid}.db`);
let child: ChildProcess | undefined;
let tg: FakeTelegram | undefined;
let warehouse: FakeWarehouse | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await tg?.close();
  await warehouse?.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `src/main.ts` as a child process with this environment; its output is collected. */
function spawnShop(env: Record<string, string>, collect: (chunk: string) => void): ChildProcess {
  const shop = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  shop.stdout!.on('data', (c: Buffer) => collect(c.toString()));
  shop.stderr!.on('data', (c: Buffer) => collect(c.toString()));
  return shop;
}

/** Seeds the demo catalog into a database file (a messenger start does not); returns the Chelsea boots' id. */
async function seedDemo(file: string): Promise<number> {
  const seed = spawn(process.execPath, ['--import', 'tsx', 'src/scripts/seed-demo.ts'], { cwd: root, env: { PATH: process.env.PATH, DATABASE_PATH: file }, stdio: 'ignore' });
  expect((await once(seed, 'exit'))[0]).toBe(0);
  const db = new Database(file, { readonly: true });
  const { id } = db.prepare("select id from products where sku = 'SHOE-CHELSEA-01'").get() as { id: number };
  db.close();
  return id;
}

/** Waits until `check` holds, polling. */
async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * A buyer who behaves like a person when the shop goes quiet: each step is sent, and sent again
 * if its answer does not come (the process was killed and restarted in between).
 */
async function checkout(fake: FakeTelegram, buyer: FakeUser, productId: number, size: string, stop: () => boolean): Promise<boolean> {
  const lastText = () => fake.chat(buyer.id).map((m) => m.text ?? m.caption ?? '').join('\n');
  const snapshot = () => JSON.stringify(fake.chat(buyer.id).map((m) => [m.message_id, m.edits, m.text ?? m.caption ?? '']));
  // What the bot showed last: the newest two messages (a reply may be a photo and then a text).
  const latest = () => fake.chat(buyer.id).slice(-2).map((m) => m.text ?? m.caption ?? '').join('\n');
  /** The personal-data notice while its "I agree" button is still on it. */
  const consentNotice = () =>
    fake
      .chat(buyer.id)
      .filter((m) => JSON.stringify(m.reply_markup ?? {}).includes('✅ Согласен'))
      .at(-1);
  const step = async (act: () => void, expected: string | RegExp): Promise<boolean> => {
    for (let attempt = 0; attempt < 40 && !stop(); attempt++) {
      const before = snapshot();
      try {
        act();
      } catch {
        // The button is not there: an answer was lost; the caller starts over.
        await sleep(300);
        return false;
      }
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        await sleep(25);
        const text = latest();
        if (snapshot() !== before && (typeof expected === 'string' ? text.includes(expected) : expected.test(text))) return true;
      }
    }
    return false;
  };
  // A step with a condition is taken only when it holds (the consent notice: shown at a buyer's first checkout only).
  const steps: Array<[() => void, string | RegExp, (() => boolean)?]> = [
    [() => fake.sendText(buyer, `/start p${productId}`), 'Размеры в наличии'],
    [() => fake.pressLatest(buyer, size), 'Добавлено в корзину'],
    [() => fake.pressLatest(buyer, '✅ Оформить заказ'), /Шаг 1 из 5|Перед оформлением заказа/],
    // The notice may sit above a later message (a redelivered tap's answer): a person scrolls up to it.
    [() => fake.pressButton(buyer, consentNotice()!.message_id, '✅ Согласен'), 'Шаг 1 из 5', () => consentNotice() !== undefined],
    [() => fake.sendText(buyer, `${buyer.first_name} Смирнова`), 'Шаг 2 из 5'],
    [() => fake.sendText(buyer, '+79161234567'), 'Шаг 3 из 5'],
    [() => fake.sendText(buyer, 'Вологда'), 'Шаг 4 из 5'],
    [() => fake.sendText(buyer, 'ул. Мира, 5'), 'Шаг 5 из 5'],
    [() => fake.pressLatest(buyer, 'Пропустить ➡️'), 'Проверьте заказ'],
    [() => fake.pressLatest(buyer, '✅ Подтвердить заказ'), /Заказ № \d+ (оформлен|уже оформлен)/],
  ];
  for (let i = 0; i < steps.length && !stop(); ) {
    const [act, expected, when] = steps[i]!;
    if (when && !when()) i++;
    else if (await step(act, expected)) i++;
    // A lost answer may leave the chat elsewhere: start over from the product, as a person would.
    else if (/Заказ № \d+ (оформлен|уже оформлен)/.test(lastText())) break;
    else i = 0;
  }
  return !stop();
}

describe('crash safety', () => {
  it('killed with SIGKILL at random moments during checkouts, hand-offs and callbacks, every order exists once, reached the warehouse once, and every buyer hears of delivery', async () => {
    tg = await startFakeTelegram({ token });
    warehouse = await startFakeWarehouse();
    const port = await freePort();
    let output = '';
    const start = () => {
      child = spawnShop(
        {
          DATABASE_PATH: dbFile,
          TELEGRAM_BOT_TOKEN: token,
          TELEGRAM_API_ROOT: tg!.apiRoot,
          HTTP_PORT: String(port),
          FULFILLMENT_PROVIDER: 'http',
          SUPPLIER_API_URL: warehouse!.url,
          SUPPLIER_API_SECRET: warehouse!.secret,
          SUPPLIER_CALLBACK_URL: `http://127.0.0.1:${port}/fulfillment/webhook`,
          AUTO_CONFIRM_ORDERS: 'true',
          STATUS_COALESCE_MINUTES: '0',
          // Buyers' order news must arrive whatever the hour the test runs at.
          BUYER_QUIET_HOURS: 'off',
          LOG_LEVEL: 'warn',
        },
        (chunk) => (output += chunk),
      );
    };
    // The demo catalog goes in before the shop opens (a messenger start does not seed it).
    const productId = await seedDemo(dbFile);
    start();

    const names = ['Анна', 'Борис', 'Вера', 'Глеб', 'Дарья', 'Егор', 'Жанна', 'Зоя'];
    const buyers: FakeUser[] = names.map((name, i) => ({ id: 81_000 + i, first_name: name, language_code: 'ru' }));
    let finished = false;
    // Sizes spread over the buyers: the demo stock of one size would not last eight orders.
    const sizes = ['36', '37', '38', '39', '40', '41', '38', '39'];
    const shopping = Promise.all(buyers.map((b, i) => checkout(tg!, b, productId, sizes[i]!, () => finished)));

    // The warehouse works through every order it has, stage by stage, and retries while Sarafan is down.
    const stages = ['packed', 'shipped', 'delivered'] as const;
    const progress = new Map<string, number>();
    const warehouseWork = (async () => {
      while (!finished) {
        for (const order of [...warehouse!.orders]) {
          const done = progress.get(order.idempotencyKey) ?? 0;
          if (done >= stages.length) continue;
          const status = stages[done]!;
          const fields = status === 'shipped' ? { carrier: 'СДЭК', tracking_number: `TRK${order.supplierOrderId}` } : status === 'delivered' ? { cod_collected: order.body['cod_amount'] } : {};
          const answer = await warehouse!.report(order.idempotencyKey, status, fields).catch(() => undefined);
          if (answer?.status === 200) progress.set(order.idempotencyKey, done + 1);
        }
        await sleep(150);
      }
    })();

    // Kill and restart at random moments while all of that goes on.
    let kills = 0;
    for (; kills < 6; kills++) {
      await sleep(600 + Math.random() * 1200);
      child!.kill('SIGKILL');
      await once(child!, 'exit');
      start();
    }
    // Then let it run until every buyer has ordered and every order is delivered.
    const deadline = Date.now() + 60_000;
    const allDone = () => warehouse!.orders.length === buyers.length && [...progress.values()].filter((n) => n === stages.length).length === buyers.length;
    await Promise.race([shopping, sleep(60_000)]);
    while (!allDone() && Date.now() < deadline) await sleep(200);
    const thanked = (b: FakeUser) => tg!.chat(b.id).some((m) => (m.text ?? '').includes('Заказ получен — спасибо за покупку'));
    while (!buyers.every(thanked) && Date.now() < deadline) await sleep(200);
    finished = true;
    await warehouseWork;
    child!.kill('SIGTERM');
    await once(child!, 'exit');

    expect(kills).toBe(6);
    const db = new Database(dbFile, { readonly: true });
    const orders = db.prepare('select o.id, b.user_id as buyer, o.status from orders o join buyers b on b.id = o.buyer_id').all() as Array<{ id: number; buyer: string; status: string }>;
    // Every buyer's order exists exactly once, whatever was killed in between.
    expect(orders.map((o) => o.buyer).sort()).toEqual(buyers.map((b) => String(b.id)).sort());
    expect(orders.every((o) => o.status === 'delivered')).toBe(true);
    // Every hand-off reached the warehouse once: one warehouse order per order; any repeat was a 409.
    expect(warehouse.orders.map((o) => o.idempotencyKey).sort()).toEqual(orders.map((o) => `S-${String(o.id).padStart(6, '0')}`).sort());
    expect(warehouse.requests.filter((r) => r.path === '/orders' && r.status === 201)).toHaveLength(buyers.length);
    // Every buyer heard of the shipment (with the tracking number) and of the delivery.
    for (const b of buyers) {
      const texts = tg.chat(b.id).map((m) => m.text ?? '').join('\n');
      expect(texts, `buyer ${b.id}`).toContain('Трек-номер: TRK');
      expect(texts, `buyer ${b.id}`).toContain('Заказ получен — спасибо за покупку');
    }
    const ledger = db.prepare("select count(*) as n from ledger_entries where kind = 'cod'").get() as { n: number };
    expect(ledger.n).toBe(buyers.length);
    db.close();
    expect(output).not.toContain(token);
  }, 120_000);

  it('a new-order alert cut off by a SIGKILL reaches the staff chat exactly once after the restart, and a kill after it was sent does not send it again', async () => {
    const fake = await startFakeTelegram({ token });
    const file = join(tmpdir(), `sarafan-crash-alert-${process.pid}.db`);
    let shop: ChildProcess | undefined;
    try {
      const staff: FakeUser = { id: 90_001, first_name: 'Ольга', language_code: 'ru' };
      const buyer: FakeUser = { id: 82_000, first_name: 'Ирина', language_code: 'ru' };
      const env = {
        DATABASE_PATH: file,
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        HTTP_PORT: String(await freePort()),
        HQ_ADMINS: `telegram:${staff.id}`,
        LOG_LEVEL: 'warn',
      };
      let output = '';
      const productId = await seedDemo(file);
      const restart = async (signal: 'SIGKILL' | 'SIGTERM' | undefined) => {
        if (shop && signal) {
          shop.kill(signal);
          await once(shop, 'exit');
        }
        shop = spawnShop(env, (chunk) => (output += chunk));
      };
      const alerts = () => fake.chat(staff.id).filter((m) => (m.text ?? '').startsWith('🔔 Новый заказ'));
      const alertRows = () => {
        const db = new Database(file, { readonly: true });
        const rows = db.prepare("select status, attempts from outbox where kind = 'new-order'").all() as Array<{ status: string; attempts: number }>;
        db.close();
        return rows;
      };
      await restart(undefined);
      // The staff member has written to the bot, so it knows their chat.
      fake.sendText(staff, '/start');
      await until(() => fake.chat(staff.id).length > 0, 'the bot to answer the staff');

      // The staff chat takes the alert's request but never answers: the message is in flight when the shop dies.
      fake.holdChat(staff.id, true);
      await checkout(fake, buyer, productId, '39', () => false);
      const alertSent = () => fake.callsOf('sendMessage').some((c) => Number(c.params['chat_id']) === staff.id && String(c.params['text']).startsWith('🔔 Новый заказ'));
      await until(alertSent, 'the alert to be on its way');
      await restart('SIGKILL');
      fake.holdChat(staff.id, false);
      expect(alerts()).toHaveLength(0);

      // After the restart the alert goes (the row was committed with the order), once.
      await until(() => alerts().length > 0, 'the alert after the restart');
      expect(alerts()).toHaveLength(1);
      expect(alerts()[0]!.text).toContain('Ирина Смирнова');

      // Killed once the alert was sent and recorded: the next start does not send it again.
      await until(() => alertRows().every((r) => r.status === 'done'), 'the alert to be recorded as sent');
      await restart('SIGKILL');
      const answered = fake.chat(staff.id).length;
      fake.sendText(staff, '/start');
      await until(() => fake.chat(staff.id).length > answered, 'the restarted bot to answer');
      // Longer than the outbox worker's poll: anything due would have gone by now.
      await sleep(2500);
      expect(alerts()).toHaveLength(1);
      expect(alertRows()).toEqual([{ status: 'done', attempts: 2 }]);
      expect(output).not.toContain(token);
    } finally {
      if (shop && shop.exitCode === null) {
        shop.kill('SIGKILL');
        await once(shop, 'exit');
      }
      fake.holdChat(90_001, false);
      await fake.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    }
  }, 90_000);
});

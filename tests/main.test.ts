import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createBotTokens } from '../src/storefronts/bot-tokens.js';
import { createStorefront } from '../src/storefronts/storefront-service.js';
import { freePort } from './helpers/free-port.js';
import { startFakeTelegram, type FakeTelegram } from './helpers/fake-telegram.js';
import { startFakeVk, type FakeVk } from './helpers/fake-vk.js';
import { startFakeMax, type FakeMax } from './helpers/fake-max.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const token = '123456789:AAHfakeTokenForTestsOnly_abcdefghij';
let child: ChildProcess | undefined;
let tg: FakeTelegram | undefined;
let vk: FakeVk | undefined;
let max: FakeMax | undefined;
const maxToken = 'maxHQtoken-for-tests-only-0123456789';
let output = '';
const dbFile = join(tmpdir(), `sarafan-main-${process.pid}.db`);

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await tg?.close();
  await vk?.close();
  await max?.close();
  child = tg = vk = max = undefined;
  output = '';
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile + suffix, { force: true });
});

function start(env: Record<string, string>) {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_PATH: dbFile, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
}

async function until(check: () => boolean, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; process output:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('npm start with messengers configured', () => {
  it('serves Telegram and VK from one process and stops cleanly on SIGTERM', async () => {
    tg = await startFakeTelegram({ token });
    vk = await startFakeVk();
    start({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      VK_GROUP_TOKEN: vk.token,
      VK_GROUP_ID: String(vk.groupId),
      VK_API_BASE_URL: vk.apiBaseUrl,
      HTTP_PORT: String(await freePort()),
    });
    await until(() => tg!.callsOf('getUpdates').length > 0 && vk!.callsOf('longpoll').length > 0, 'both messengers to poll');
    tg.sendText({ id: 11, first_name: 'Ира', language_code: 'ru' }, '/start');
    vk.sendText({ id: 12, first_name: 'Ира' }, 'Начать', { payload: { command: 'start' } });
    await until(() => (tg!.lastMessage(11)?.text ?? '').includes('Здравствуйте'), 'the Telegram greeting');
    await until(() => (vk!.lastMessage(12)?.text ?? '').includes('Здравствуйте'), 'the VK greeting');
    expect(output).not.toContain(token);
    expect(output).not.toContain(vk.token);
    child!.kill('SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });

  it('serves webhooks for both on one HTTP server with a health check', async () => {
    tg = await startFakeTelegram({ token });
    vk = await startFakeVk();
    const port = await freePort();
    start({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      VK_GROUP_TOKEN: vk.token,
      VK_GROUP_ID: String(vk.groupId),
      VK_API_BASE_URL: vk.apiBaseUrl,
      PUBLIC_URL: 'https://shop.example.com',
      HTTP_PORT: String(port),
      TELEGRAM_WEBHOOK_SECRET: 'tg-secret-1234',
      VK_CALLBACK_SECRET: 'vk-secret-1234',
      VK_CONFIRMATION_CODE: 'abc123',
    });
    await until(() => tg!.callsOf('setWebhook').length > 0, 'the webhook to be registered');
    expect(tg.callsOf('setWebhook')[0]!.params).toMatchObject({ url: 'https://shop.example.com/telegram', secret_token: 'tg-secret-1234' });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const confirm = await fetch(`${base}/vk`, { method: 'POST', body: JSON.stringify({ type: 'confirmation', group_id: vk.groupId, secret: 'vk-secret-1234' }) });
    expect(await confirm.text()).toBe('abc123');
    const update = { update_id: 5, message: { message_id: 1, date: 1, chat: { id: 21, type: 'private', first_name: 'Ира' }, from: { id: 21, is_bot: false, first_name: 'Ира' }, text: '/start' } };
    const res = await fetch(`${base}/telegram`, { method: 'POST', body: JSON.stringify(update), headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': 'tg-secret-1234' } });
    expect(res.status).toBe(200);
    await until(() => (tg!.lastMessage(21)?.text ?? '').includes('Здравствуйте'), 'the webhook answer');
    expect(tg.callsOf('getUpdates')).toHaveLength(0);
  });

  it('gives the HQ bot a random webhook secret, stored and registered again at every start, when none is configured', async () => {
    tg = await startFakeTelegram({ token });
    const port = await freePort();
    const env = { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: tg.apiRoot, PUBLIC_URL: 'https://shop.example.com', HTTP_PORT: String(port) };
    start(env);
    await until(() => tg!.callsOf('setWebhook').length > 0, 'the webhook to be registered');
    const file = new Database(dbFile, { readonly: true });
    const secret = (file.prepare("select telegram_webhook_secret as s from storefronts where slug = 'default'").get() as { s: string }).s;
    file.close();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tg.callsOf('setWebhook')[0]!.params).toMatchObject({ url: 'https://shop.example.com/telegram', secret_token: secret });
    // What the secret used to be: anyone with the token could compute it.
    const derived = createHash('sha256').update(`sarafan-telegram-webhook:${token}`).digest('base64url').slice(0, 32);
    const update = { update_id: 5, message: { message_id: 1, date: 1, chat: { id: 21, type: 'private', first_name: 'Ира' }, from: { id: 21, is_bot: false, first_name: 'Ира' }, text: '/start' } };
    const post = (secretToken: string) => fetch(`http://127.0.0.1:${port}/telegram`, { method: 'POST', body: JSON.stringify(update), headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secretToken } });
    expect((await post(derived)).status).toBe(401);
    expect((await post(secret)).status).toBe(200);
    await until(() => (tg!.lastMessage(21)?.text ?? '').includes('Здравствуйте'), 'the webhook answer');
    expect(output).not.toContain(secret);
    child!.kill('SIGTERM');
    await once(child!, 'exit');
    start(env);
    await until(() => tg!.callsOf('setWebhook').length > 1, 'the webhook to be registered again');
    expect(tg.callsOf('setWebhook')[1]!.params).toMatchObject({ secret_token: secret });
  });

  it('stops with one line naming a bad variable', async () => {
    start({ TELEGRAM_BOT_TOKEN: 'nope' });
    const [code] = await once(child!, 'exit');
    expect(code).toBe(1);
    expect(output.trim()).toBe('Configuration error: TELEGRAM_BOT_TOKEN must look like 123456789:AA... (the token BotFather gave you)');
  });
});

describe('npm start with MAX configured', () => {
  it('serves Telegram, VK and MAX from one process: a MAX buyer who opens the bot is answered', async () => {
    tg = await startFakeTelegram({ token });
    vk = await startFakeVk();
    max = await startFakeMax({ token: maxToken });
    start({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: tg.apiRoot,
      VK_GROUP_TOKEN: vk.token,
      VK_GROUP_ID: String(vk.groupId),
      VK_API_BASE_URL: vk.apiBaseUrl,
      MAX_BOT_TOKEN: maxToken,
      MAX_API_BASE_URL: max.apiBaseUrl,
      HTTP_PORT: String(await freePort()),
    });
    await until(() => tg!.callsOf('getUpdates').length > 0 && vk!.callsOf('longpoll').length > 0 && max!.callsOf('GET /updates').length > 0, 'all three messengers to poll');
    const anna = { user_id: 7001, first_name: 'Анна', locale: 'ru-RU' };
    max.botStarted(anna);
    tg.sendText({ id: 11, first_name: 'Ира', language_code: 'ru' }, '/start');
    vk.sendText({ id: 12, first_name: 'Ира' }, 'Начать', { payload: { command: 'start' } });
    await until(() => (max!.lastMessage(max!.chatIdOf(anna))?.text ?? '').includes('Здравствуйте'), 'the MAX greeting');
    await until(() => (tg!.lastMessage(11)?.text ?? '').includes('Здравствуйте'), 'the Telegram greeting');
    await until(() => (vk!.lastMessage(12)?.text ?? '').includes('Здравствуйте'), 'the VK greeting');
    expect(output).not.toContain(maxToken);
    child!.kill('SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });

  it('serves only MAX when only MAX_BOT_TOKEN is set (no console chat)', async () => {
    max = await startFakeMax({ token: maxToken });
    start({ MAX_BOT_TOKEN: maxToken, MAX_API_BASE_URL: max.apiBaseUrl, HTTP_PORT: String(await freePort()) });
    await until(() => max!.callsOf('GET /updates').length > 0, 'MAX polling');
    const anna = { user_id: 7002, first_name: 'Анна', locale: 'ru-RU' };
    max.sendText(anna, '/start');
    await until(() => (max!.lastMessage(max!.chatIdOf(anna))?.text ?? '').includes('Здравствуйте'), 'the MAX greeting');
    expect(output).not.toContain('Здравствуйте');
    child!.kill('SIGTERM');
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });

  it('subscribes the MAX webhook at <PUBLIC_URL>/max with a random secret and refuses updates without it', async () => {
    max = await startFakeMax({ token: maxToken });
    const port = await freePort();
    start({ MAX_BOT_TOKEN: maxToken, MAX_API_BASE_URL: max.apiBaseUrl, PUBLIC_URL: 'https://shop.example.com', HTTP_PORT: String(port) });
    await until(() => max!.callsOf('POST /subscriptions').length > 0, 'the MAX subscription');
    const body = max.callsOf('POST /subscriptions')[0]!.body as { url: string; secret: string };
    expect(body.url).toBe('https://shop.example.com/max');
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const update = { update_type: 'bot_started', timestamp: Date.now(), chat_id: 1_000_001, user: { user_id: 7003, first_name: 'Анна' }, user_locale: 'ru' };
    const post = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/max`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Max-Bot-Api-Secret': secret }, body: JSON.stringify(update) });
    expect((await post('wrong-secret-of-an-attacker')).status).toBe(401);
    expect((await post(body.secret)).status).toBe(200);
    await until(() => max!.callsOf('POST /messages').length > 0, 'the answer to the webhook update');
    expect(output).not.toContain(body.secret);
    child!.kill('SIGTERM');
    await once(child!, 'exit');
  });
});

describe('npm start with no token: the console chat', () => {
  it('takes an order from the cart to delivery: the buyer, the staff notice and the warehouse card all in one terminal', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_PATH: dbFile },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await until(() => output.includes('вы>'), 'the console prompt');
    let mark = 0;
    const type = async (line: string, expect: string) => {
      mark = output.length;
      child!.stdin!.write(`${line}\n`);
      await until(() => output.slice(mark).includes(expect), `"${expect}" after "${line}"`);
    };
    // Buttons are pressed by their number on the latest screen.
    const press = (label: string, expect: string) => {
      const found = [...output.matchAll(/\[(\d+)\] ([^[\n]+)/g)].filter((m) => m[2]!.includes(label)).at(-1);
      if (!found) throw new Error(`no button ${label} in:\n${output.slice(-1500)}`);
      return type(found[1]!, expect);
    };
    await type('ботинки челси', 'Ботинки челси замшевые');
    await press('Ботинки челси замшевые', 'Размеры в наличии');
    await press('39', 'Добавлено в корзину');
    await press('Оформить заказ', 'Перед оформлением заказа');
    await press('Согласен', 'Шаг 1 из 5');
    await type('Анна Смирнова', 'Шаг 2 из 5');
    await type('+79161234567', 'Шаг 3 из 5');
    await type('Вологда', 'Шаг 4 из 5');
    await type('ул. Мира, 5', 'Шаг 5 из 5');
    await press('Пропустить', 'Проверьте заказ');
    await press('Подтвердить заказ', '🔔 Новый заказ № 1001');
    await press('Подтвердить', '📦 Заказ S-000001');
    await press('Принят в сборку', '🏬 Склад принял заказ');
    await press('Упакован', '📦 Заказ упакован');
    await press('Отправлен', 'трек-номер');
    await type('СДЭК 1234567890', 'Трек-номер: 1234567890');
    await press('Доставлен и оплачен', 'Из чата это уже не отменить');
    await press('Да, отметить', 'спасибо за покупку');
    child!.stdin!.end();
    const [code] = await once(child!, 'exit');
    expect(code).toBe(0);
  });
});

describe('npm start and franchisees\' bot tokens at rest (SECRETS_KEY)', () => {
  it('warns once about tokens stored in plain text, encrypts them once a key is set, and refuses to start with a wrong key, naming the storefront', async () => {
    tg = await startFakeTelegram({ token });
    const franchisee = [`555000111:${'K'.repeat(35)}`, `555000222:${'P'.repeat(35)}`];
    const db = openDatabase(dbFile);
    const kazan = createStorefront(db, { slug: 'kazan', name: 'Казань' });
    const perm = createStorefront(db, { slug: 'perm', name: 'Пермь' });
    createBotTokens(db).saveTelegram(kazan.id, franchisee[0]!, 'kazan_bot');
    createBotTokens(db).saveTelegram(perm.id, franchisee[1]!, 'perm_bot');
    db.$client.close();
    const env = { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: tg.apiRoot, HTTP_PORT: String(await freePort()) };
    const run = async (extra: Record<string, string>) => {
      output = '';
      start({ ...env, ...extra });
      await until(() => output.includes('storefront bots started') || child!.exitCode !== null, 'the franchisee bots to start');
      const seen = output;
      child!.kill('SIGTERM');
      await once(child!, 'exit');
      return seen;
    };

    const plain = await run({});
    expect(plain.match(/stored in plain text/g)).toHaveLength(1);

    const keyA = 'a1'.repeat(32);
    const sealed = await run({ SECRETS_KEY: keyA });
    expect(sealed).toContain('encrypted the bot tokens stored in plain text with SECRETS_KEY');
    expect(sealed).not.toContain('stored in plain text:');
    const onDisk = ['', '-wal'].map((suffix) => readFileSync(dbFile + suffix, { flag: 'a+' }).toString('latin1')).join('');
    for (const t of franchisee) expect(onDisk).not.toContain(t.split(':')[1]);

    output = '';
    start({ ...env, SECRETS_KEY: 'b2'.repeat(32) });
    const [code] = await once(child!, 'exit');
    expect(code).toBe(1);
    expect(output).toContain(`storefront #${kazan.id} «Казань»: its Telegram bot token does not open with SECRETS_KEY`);
    for (const t of [...franchisee, keyA]) expect(output).not.toContain(t.split(':').at(-1));
  }, 60_000);
});

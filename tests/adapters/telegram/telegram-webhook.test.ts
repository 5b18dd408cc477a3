import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../../src/http/http-server.js';
import { createTestApp } from '../../helpers/engine-harness.js';
import type { FakeTelegram } from '../../helpers/fake-telegram.js';
import { startTelegramHarness } from '../../helpers/telegram-harness.js';
import { chunk, openRaw, postHead } from '../../helpers/raw-http.js';

const secret = 'webhook-secret-123';
let tg: FakeTelegram | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await tg?.close();
  http = tg = undefined;
});

async function setup() {
  const h = await startTelegramHarness(createTestApp(), { poll: false });
  tg = h.tg;
  http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [h.adapter.webhookRoute('/telegram', secret)],
    logger: pino({ level: 'silent' }),
  });
  await h.adapter.startWebhook('https://shop.example.com/telegram', secret);
  return { app: h.app, adapter: h.adapter, url: `${http.url}/telegram` };
}

const startUpdate = (updateId: number) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: 1700000000,
    chat: { id: 9001, type: 'private', first_name: 'Олег' },
    from: { id: 9001, is_bot: false, first_name: 'Олег', language_code: 'ru' },
    text: '/start',
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
  },
});

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

describe('Telegram webhook mode', () => {
  it('registers the webhook with its secret at start', async () => {
    await setup();
    expect(tg!.callsOf('setWebhook')[0]!.params).toMatchObject({ url: 'https://shop.example.com/telegram', secret_token: secret });
  });

  it('answers an update sent with the right secret', async () => {
    const { url } = await setup();
    const res = await post(url, JSON.stringify(startUpdate(10)), { 'X-Telegram-Bot-Api-Secret-Token': secret });
    expect(res.status).toBe(200);
    await tg!.waitFor((calls) => calls.some((c) => c.method === 'sendMessage'));
    expect(tg!.lastMessage(9001)?.text).toContain('Здравствуйте');
  });

  it('refuses a wrong or missing secret with 401 and handles nothing', async () => {
    const { url } = await setup();
    expect((await post(url, JSON.stringify(startUpdate(11)), { 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect((await post(url, JSON.stringify(startUpdate(12)))).status).toBe(401);
    expect(tg!.callsOf('sendMessage')).toHaveLength(0);
  });

  it('answers a malformed body with 400 and keeps serving', async () => {
    const { url } = await setup();
    expect((await post(url, '{"update_id": 1, "mess', { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(400);
    const res = await post(url, JSON.stringify(startUpdate(13)), { 'X-Telegram-Bot-Api-Secret-Token': secret });
    expect(res.status).toBe(200);
  });

  it('handles an update Telegram delivers twice only once', async () => {
    const { url } = await setup();
    const body = JSON.stringify(startUpdate(14));
    await post(url, body, { 'X-Telegram-Bot-Api-Secret-Token': secret });
    await post(url, body, { 'X-Telegram-Bot-Api-Secret-Token': secret });
    await new Promise((r) => setTimeout(r, 100));
    expect(tg!.callsOf('sendMessage')).toHaveLength(1);
  });

  it('refuses a 2 MB update with 413 without reading it, and the bot never sees it', async () => {
    await setup();
    const huge = startUpdate(20);
    huge.message.text = `/start ${'x'.repeat(2 * 1024 * 1024)}`;
    const body = JSON.stringify(huge);
    const conn = await openRaw(http!.url);
    // The whole head, then only the first 64 KB: the answer must not wait for the rest.
    conn.write(postHead('/telegram', { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': secret }));
    conn.write(body.slice(0, 64 * 1024));
    expect(await conn.status).toBe(413);
    await conn.closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(tg!.callsOf('sendMessage')).toHaveLength(0);
  });

  it('refuses a chunked update growing past 1 MB with 413 before its end', async () => {
    await setup();
    const conn = await openRaw(http!.url);
    conn.write(postHead('/telegram', { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'x-telegram-bot-api-secret-token': secret }));
    conn.write(chunk(`{"update_id":21,"message":{"message_id":1,"date":1700000000,"chat":{"id":9001,"type":"private"},"text":"/start ${'x'.repeat(1024 * 1024)}`));
    expect(await conn.status).toBe(413);
    await conn.closed;
    expect(tg!.callsOf('sendMessage')).toHaveLength(0);
  });

  it('refuses a wrong secret with 401 from the header alone, before any of the body arrives', async () => {
    await setup();
    const conn = await openRaw(http!.url);
    conn.write(postHead('/telegram', { 'content-type': 'application/json', 'content-length': 500, 'x-telegram-bot-api-secret-token': 'webhook-secret-124' }));
    expect(await conn.status).toBe(401);
    await conn.closed;
  });

  it('refuses a secret of the same length differing only in its last character', async () => {
    const { url } = await setup();
    const forged = `${secret.slice(0, -1)}4`;
    expect(forged).toHaveLength(secret.length);
    expect((await post(url, JSON.stringify(startUpdate(22)), { 'X-Telegram-Bot-Api-Secret-Token': forged })).status).toBe(401);
    expect((await post(url, JSON.stringify(startUpdate(23)), { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
  });

  it('has a health check', async () => {
    await setup();
    const res = await fetch(`${http!.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../../src/http/http-server.js';
import { olga, startVkHarness, type VkHarness } from '../../helpers/vk-harness.js';
import { openRaw, postHead } from '../../helpers/raw-http.js';

const secret = 'vk-callback-secret';
const confirmation = 'c0nf1rm42';
let h: VkHarness | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await http?.close();
  await h?.close();
  http = h = undefined;
});

async function setup() {
  h = await startVkHarness({ poll: false });
  http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [h.adapter.webhookRoute('/vk', { secret, confirmation })],
    logger: pino({ level: 'silent' }),
  });
  return `${http.url}/vk`;
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });

const message = (eventId: string, text: string) => ({
  type: 'message_new',
  event_id: eventId,
  group_id: h!.vk.groupId,
  secret,
  object: {
    message: { id: 1, date: 1700000000, peer_id: olga.id, from_id: olga.id, text, conversation_message_id: 1, attachments: [] },
    client_info: { button_actions: ['text', 'callback'], keyboard: true, inline_keyboard: true, carousel: true, lang_id: 0 },
  },
});

describe('VK Callback API', () => {
  it('answers the confirmation request with the configured code', async () => {
    const url = await setup();
    const res = await post(url, { type: 'confirmation', group_id: h!.vk.groupId, secret });
    expect(await res.text()).toBe(confirmation);
  });

  it('refuses a wrong or missing secret with 403', async () => {
    const url = await setup();
    expect((await post(url, { ...message('e1', '/start'), secret: 'wrong' })).status).toBe(403);
    const { secret: _omit, ...unsigned } = message('e2', '/start');
    expect((await post(url, unsigned)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 100));
    expect(h!.vk.callsOf('messages.send')).toHaveLength(0);
  });

  it('answers "ok" at once and then the buyer', async () => {
    const url = await setup();
    const res = await post(url, message('e3', '/start'));
    expect(await res.text()).toBe('ok');
    await h!.vk.waitFor((calls) => calls.some((c) => c.method === 'messages.send'));
    expect(h!.vk.lastMessage(olga.id)!.text).toContain('Здравствуйте');
  });

  it('refuses a secret of the same length differing only in its last character', async () => {
    const url = await setup();
    const forged = `${secret.slice(0, -1)}X`;
    expect(forged).toHaveLength(secret.length);
    expect((await post(url, { ...message('e5', '/start'), secret: forged })).status).toBe(403);
    expect((await post(url, { ...message('e5', '/start'), secret: [secret] })).status).toBe(403);
    await new Promise((r) => setTimeout(r, 100));
    expect(h!.vk.callsOf('messages.send')).toHaveLength(0);
  });

  it('refuses a body declared over 1 MB with 413 without waiting for it', async () => {
    await setup();
    const conn = await openRaw(http!.url);
    conn.write(postHead('/vk', { 'content-type': 'application/json', 'content-length': 2 * 1024 * 1024 }));
    conn.write(JSON.stringify(message('e6', '/start')).slice(0, -1));
    expect(await conn.status).toBe(413);
    await conn.closed;
    expect(h!.vk.callsOf('messages.send')).toHaveLength(0);
  });

  it('answers a malformed body with 400', async () => {
    const url = await setup();
    expect((await post(url, '{"type":"message_new",')).status).toBe(400);
  });

  it('handles an event VK delivers twice only once', async () => {
    const url = await setup();
    await post(url, message('e4', '/start'));
    await post(url, message('e4', '/start'));
    await h!.vk.settle();
    expect(h!.vk.callsOf('messages.send')).toHaveLength(1);
  });
});

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { storefronts } from '../../src/db/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { createMessengerRuntime, type MessengerRuntime } from '../../src/runtime/messenger-runtime.js';
import { createLogger, createSecretList } from '../../src/shared/logger.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { startHttpServer, type HttpServer } from '../../src/http/http-server.js';
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestApp, TestBuyer, type TestApp } from '../helpers/engine-harness.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { until } from '../helpers/until.js';

const token = `987654321:${'F'.repeat(35)}`;
let fake: FakeTelegram | undefined;
let runtime: MessengerRuntime | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await runtime?.stopAll();
  await http?.close();
  await fake?.close();
  fake = runtime = http = undefined;
});


/** The webhook secret stored for a storefront's bot. */
function storedSecret(db: TestApp['db'], storefrontId: number): string {
  return db.select().from(storefronts).where(eq(storefronts.id, storefrontId)).get()!.telegramWebhookSecret!;
}

/** The secret as it used to be made: from the token, which the franchisee knows. */
function derivedSecret(botToken: string): string {
  return createHash('sha256').update(`sarafan-telegram-webhook:${botToken}`).digest('base64url').slice(0, 32);
}

describe('franchisee bots connected from chat', () => {
  it('checks the token, starts the bot without a restart, never repeats the token, and pauses and resumes', async () => {
    fake = await startFakeTelegram({ token });
    const base = createTestApp();
    const logLines: string[] = [];
    const secrets = createSecretList();
    const logger = createLogger({
      level: 'debug',
      secrets,
      destination: new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }),
    });
    // The connection's outcome is an outbox row written when the check is over, delivered by the worker.
    const sent = base.sent!;
    let engine: Engine;
    runtime = createMessengerRuntime({ db: base.db, engine: () => engine, i18n: base.i18n, logger, media: createMediaCache(base.db), secrets, telegramApiRoot: fake.apiRoot });
    engine = createEngine({ db: base.db, i18n: base.i18n, logger, phoneRegion: 'RU', outbox: { kick: () => void base.flush!() }, bots: runtime });
    const app = { ...base, engine };
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    const owner = new TestBuyer(app, '50');
    await owner.say(`/join ${createInvite(app.db, shop.id)}`);

    await owner.say(`/connect telegram 123456789:${'X'.repeat(35)}`);
    expect(owner.text).toContain('Проверяю токен');
    await until(() => sent.length === 1, 'the refusal');
    expect(sent[0]!.replies[0]!.text).toContain('Telegram не принял этот токен');

    await owner.say(`/connect telegram ${token}`);
    await until(() => sent.length === 2, 'the connection');
    expect(sent[1]!.replies[0]!.text).toBe('✅ Бот @sarafan_test_bot подключён к магазину «Сарафан Казань» и уже отвечает покупателям.');
    await until(() => fake!.callsOf('getUpdates').length > 0, 'polling');
    fake.sendText({ id: 77, first_name: 'Ира', language_code: 'ru' }, '/start');
    await fake.settle();
    expect(fake.lastMessage(77)?.text).toContain('Сарафан Казань');

    const everything = [...sent.flatMap((n) => n.replies.map((r) => r.text)), owner.text, ...logLines].join('\n');
    expect(everything).not.toContain(token);

    const hq = new TestBuyer(app, '1');
    await hq.say(`/pause ${shop.id}`);
    expect(hq.text).toContain('приостановлен');
    await until(() => app.db.select().from(storefronts).all().some((s) => s.paused), 'the pause');
    await new Promise((r) => setTimeout(r, 100));
    const answered = fake.callsOf('sendMessage').length;
    fake.sendText({ id: 78, first_name: 'Оля', language_code: 'ru' }, '/start');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf('sendMessage').length).toBe(answered);
    await hq.say(`/resume ${shop.id}`);
    await until(() => fake!.callsOf('sendMessage').length > answered, 'the answer after resuming');
    expect(fake.lastMessage(78)?.text).toContain('Сарафан Казань');
  });

  it('in webhook mode gives a connected bot its own webhook on the shared server, removed while paused', async () => {
    fake = await startFakeTelegram({ token });
    const base = createTestApp();
    const logger = createLogger({ level: 'silent', secrets: createSecretList() });
    http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [], logger });
    // The connection's outcome is an outbox row written when the check is over, delivered by the worker.
    const sent = base.sent!;
    let engine: Engine;
    runtime = createMessengerRuntime({
      db: base.db, engine: () => engine, i18n: base.i18n, logger, media: createMediaCache(base.db), secrets: createSecretList(),
      telegramApiRoot: fake.apiRoot, webhook: { publicUrl: 'https://shop.example.com', http: () => http },
    });
    engine = createEngine({ db: base.db, i18n: base.i18n, logger, phoneRegion: 'RU', outbox: { kick: () => void base.flush!() }, bots: runtime });
    const app = { ...base, engine };
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    const owner = new TestBuyer(app, '50');
    await owner.say(`/join ${createInvite(app.db, shop.id)}`);
    await owner.say(`/connect telegram ${token}`);
    await until(() => sent.length === 1, 'the connection');
    const secret = storedSecret(app.db, shop.id);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fake.callsOf('setWebhook')[0]!.params).toMatchObject({ url: `https://shop.example.com/telegram/${shop.id}`, secret_token: secret });
    expect(fake.callsOf('getUpdates')).toHaveLength(0);

    const post = (secretToken: string) =>
      fetch(`${http!.url}/telegram/${shop.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secretToken },
        body: JSON.stringify({ update_id: 9, message: { message_id: 1, date: 1, chat: { id: 77, type: 'private', first_name: 'Ира' }, from: { id: 77, is_bot: false, first_name: 'Ира', language_code: 'ru' }, text: '/start' } }),
      });
    expect((await post('wrong')).status).toBe(401);
    expect((await post(secret)).status).toBe(200);
    await until(() => (fake!.lastMessage(77)?.text ?? '').includes('Сарафан Казань'), 'the webhook answer');

    const hq = new TestBuyer(app, '1');
    await hq.say(`/pause ${shop.id}`);
    await until(() => fake!.callsOf('deleteWebhook').length === 1, 'the webhook to be removed');
    expect((await post(secret)).status).toBe(404);
    await hq.say(`/resume ${shop.id}`);
    await until(() => fake!.callsOf('setWebhook').length === 2, 'the webhook again');
    expect((await post(secret)).status).toBe(200);
  });

  it('refuses /connect to anyone who owns no storefront', async () => {
    const app = createTestApp();
    const stranger = new TestBuyer(app, 'x');
    await stranger.say(`/connect telegram ${token}`);
    expect(stranger.text).toContain('Не знаю команду');
  });

  it('takes no update signed with the secret a franchisee could derive from their token, and keeps the stored secret across a restart', async () => {
    fake = await startFakeTelegram({ token });
    const base = createTestApp();
    const logLines: string[] = [];
    const secrets = createSecretList();
    const logger = createLogger({ level: 'debug', secrets, destination: new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }) });
    http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [], logger });
    let handled = 0;
    const engine = createEngine({ db: base.db, i18n: base.i18n, logger, phoneRegion: 'RU' });
    const counting: Engine = { ...engine, handle: (event) => (handled++, engine.handle(event)) };
    const shop = createStorefront(base.db, { slug: 'kazan', name: 'Сарафан Казань' });
    base.db.update(storefronts).set({ telegramToken: token, telegramUsername: 'sarafan_test_bot' }).where(eq(storefronts.id, shop.id)).run();
    const boot = () =>
      createMessengerRuntime({
        db: base.db, engine: () => counting, i18n: base.i18n, logger, media: createMediaCache(base.db), secrets,
        telegramApiRoot: fake!.apiRoot, webhook: { publicUrl: 'https://shop.example.com', http: () => http },
      });
    runtime = boot();
    await runtime.startAll();
    const secret = storedSecret(base.db, shop.id);
    expect(secret).not.toBe(derivedSecret(token));
    // The franchisee forges an update "from" an HQ account, signed with what they can compute.
    const forged = { update_id: 31, message: { message_id: 1, date: 1, chat: { id: 1, type: 'private', first_name: 'HQ' }, from: { id: 1, is_bot: false, first_name: 'HQ' }, text: '/start' } };
    const post = (secretToken: string, update: object) =>
      fetch(`${http!.url}/telegram/${shop.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secretToken }, body: JSON.stringify(update) });
    expect((await post(derivedSecret(token), forged)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(handled).toBe(0);
    expect(fake.callsOf('sendMessage')).toHaveLength(0);
    expect((await post(secret, { ...forged, update_id: 32 })).status).toBe(200);
    await until(() => handled === 1, 'the genuine update');

    // A restart registers the webhook again, with the same stored secret.
    await runtime.stopAll();
    runtime = boot();
    await runtime.startAll();
    expect(fake.callsOf('setWebhook').map((c) => c.params['secret_token'])).toEqual([secret, secret]);
    expect(storedSecret(base.db, shop.id)).toBe(secret);
    logger.info({ note: `echo ${secret}` }, 'a careless line');
    expect(logLines.join('')).not.toContain(secret);
  });
});

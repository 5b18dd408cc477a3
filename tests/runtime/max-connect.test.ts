import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { storefronts } from '../../src/db/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { createMessengerRuntime, type MessengerRuntime } from '../../src/runtime/messenger-runtime.js';
import { createLogger, createSecretList } from '../../src/shared/logger.js';
import { createSecretBox, isSealed } from '../../src/shared/secret-box.js';
import { startHttpServer, type HttpServer } from '../../src/http/http-server.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, TestBuyer } from '../helpers/engine-harness.js';
import { startFakeMax, type FakeMax } from '../helpers/fake-max.js';
import { until } from '../helpers/until.js';

const token = 'maxTOKEN-of-the-franchisee-0123456789';
let max: FakeMax | undefined;
let runtime: MessengerRuntime | undefined;
let http: HttpServer | undefined;
afterEach(async () => {
  await runtime?.stopAll();
  await http?.close();
  await max?.close();
  max = runtime = http = undefined;
});


describe('/connect max: a franchisee connects their own MAX bot', () => {
  it('checks the token with GET /me, refuses a wrong one, stores the right one sealed, starts the bot at once and never repeats the token', async () => {
    max = await startFakeMax({ token });
    const base = createTestApp();
    const logLines: string[] = [];
    const secrets = createSecretList();
    const logger = createLogger({ level: 'debug', secrets, destination: new Writable({ write: (chunk, _e, done) => (logLines.push(String(chunk)), done()) }) });
    const sent = base.sent!;
    const box = createSecretBox(Buffer.alloc(32, 7));
    let engine: Engine;
    runtime = createMessengerRuntime({ db: base.db, engine: () => engine, i18n: base.i18n, logger, media: createMediaCache(base.db), secrets, secretBox: box, maxApiBaseUrl: max.apiBaseUrl });
    engine = createEngine({ db: base.db, i18n: base.i18n, logger, phoneRegion: 'RU', outbox: { kick: () => void base.flush!() }, bots: runtime });
    const app = { ...base, engine };
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    const owner = new TestBuyer(app, '50');
    await owner.say(`/join ${createInvite(app.db, shop.id)}`);

    await owner.say('/connect max short');
    expect(owner.text).toContain('/connect max ТОКЕН');
    await owner.say(`/connect max wrong-token-but-long-enough-123`);
    expect(owner.text).toContain('Проверяю токен');
    await until(() => sent.length === 1, 'the refusal');
    expect(sent[0]!.replies[0]!.text).toContain('MAX не принял этот токен');
    expect(app.db.select().from(storefronts).all().every((s) => s.maxToken === null)).toBe(true);

    await owner.say(`/connect max ${token}`);
    await until(() => sent.length === 2, 'the connection');
    expect(sent[1]!.replies[0]!.text).toBe('✅ Бот @shop_bot в MAX подключён к магазину «Сарафан Казань» и уже отвечает покупателям.');
    const stored = app.db.select().from(storefronts).all().find((s) => s.id === shop.id)!.maxToken!;
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain(token);

    const ira = { user_id: 7701, first_name: 'Ира', locale: 'ru-RU' };
    max.alsoWaitFor(() => runtime!.running(shop.id).some((m) => m.pending() > 0));
    max.botStarted(ira);
    await until(() => (max!.lastMessage(max!.chatIdOf(ira))?.text ?? '').includes('Сарафан Казань'), 'the MAX bot greeting');

    const everything = [...sent.flatMap((n) => n.replies.map((r) => r.text)), owner.text, ...logLines].join('\n');
    expect(everything).not.toContain(token);
  });

  it('in webhook mode subscribes the franchisee bot at <PUBLIC_URL>/max/<id> with its own secret, not the Telegram one, and refuses forged updates', async () => {
    max = await startFakeMax({ token });
    const base = createTestApp();
    const logger = createLogger({ level: 'silent', secrets: createSecretList() });
    http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [], logger });
    const sent = base.sent!;
    let engine: Engine;
    runtime = createMessengerRuntime({
      db: base.db, engine: () => engine, i18n: base.i18n, logger, media: createMediaCache(base.db), secrets: createSecretList(),
      maxApiBaseUrl: max.apiBaseUrl, webhook: { publicUrl: 'https://shop.example.com', http: () => http },
    });
    engine = createEngine({ db: base.db, i18n: base.i18n, logger, phoneRegion: 'RU', outbox: { kick: () => void base.flush!() }, bots: runtime });
    const app = { ...base, engine };
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    const owner = new TestBuyer(app, '50');
    await owner.say(`/join ${createInvite(app.db, shop.id)}`);
    await owner.say(`/connect max ${token}`);
    await until(() => sent.length === 1, 'the connection');
    const subscription = max.subscriptions[0]!;
    expect(subscription.url).toBe(`https://shop.example.com/max/${shop.id}`);
    expect(subscription.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The Telegram webhook secret of the same storefront (known to Telegram) does not open MAX's route.
    const telegramSecret = app.db.select().from(storefronts).all().find((s) => s.id === shop.id)!.telegramWebhookSecret!;
    expect(telegramSecret).not.toBe(subscription.secret);

    const update = { update_type: 'bot_started', timestamp: Date.now(), chat_id: 1_000_077, user: { user_id: 77, first_name: 'Ира' }, user_locale: 'ru' };
    const post = (secret: string) =>
      fetch(`${http!.url}/max/${shop.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Max-Bot-Api-Secret': secret }, body: JSON.stringify(update) });
    expect((await post(telegramSecret)).status).toBe(401);
    expect((await post('')).status).toBe(401);
    expect(max.callsOf('POST /messages')).toHaveLength(0);
    expect((await post(subscription.secret!)).status).toBe(200);
    await until(() => (max!.lastMessage(max!.chatIdOf({ user_id: 77, first_name: 'Ира' }))?.text ?? '').includes('Сарафан Казань'), 'the answer');

    // Paused: the subscription is removed, so MAX keeps buyers' updates until the resume.
    await runtime.stop(shop.id);
    expect(max.subscriptions).toHaveLength(0);
  });
});

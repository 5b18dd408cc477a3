import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { storefronts } from '../../src/db/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { createMessengerRuntime, type MessengerRuntime } from '../../src/runtime/messenger-runtime.js';
import { createLogger, createSecretList } from '../../src/shared/logger.js';
import { createSecretBox, isSealed } from '../../src/shared/secret-box.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, TestBuyer } from '../helpers/engine-harness.js';
import { startFakeMax, type FakeMax } from '../helpers/fake-max.js';

const token = 'maxTOKEN-of-the-franchisee-0123456789';
let max: FakeMax | undefined;
let runtime: MessengerRuntime | undefined;
afterEach(async () => {
  await runtime?.stopAll();
  await max?.close();
  max = runtime = undefined;
});

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

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
});

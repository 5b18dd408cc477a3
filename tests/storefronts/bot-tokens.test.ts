import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/client.js';
import { outbox, storefronts } from '../../src/db/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createI18n } from '../../src/shared/i18n.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { createMessengerRuntime, type MessengerRuntime } from '../../src/runtime/messenger-runtime.js';
import { createLogger, createSecretList } from '../../src/shared/logger.js';
import { createSecretBox, type SecretBox } from '../../src/shared/secret-box.js';
import { BotTokenError, createBotTokens } from '../../src/storefronts/bot-tokens.js';
import { createStorefront, ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';
import { TestBuyer } from '../helpers/engine-harness.js';
import { startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';

const token = `987654321:${'F'.repeat(35)}`;
const vkToken = `vk1.a.${'V'.repeat(60)}`;
const keyA = createSecretBox(Buffer.alloc(32, 0xa1));
const keyB = createSecretBox(Buffer.alloc(32, 0xb2));

const cleanups: Array<() => unknown> = [];
let fake: FakeTelegram | undefined;
afterEach(async () => {
  for (const undo of cleanups.splice(0).reverse()) await undo();
  await fake?.close();
  fake = undefined;
});

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sarafan-tokens-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Everything on disk for this database: the file, its log and shared memory, as one string of bytes. */
function bytesOnDisk(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

/** The shop as `npm start` wires it, over a database file: HQ bot's engine plus franchisee bots. */
function startShop(path: string, box: SecretBox | undefined) {
  const db = openDatabase(path);
  const i18n = createI18n();
  const storefront = ensureDefaultStorefront(db, { name: 'Сарафан', timeZone: 'Europe/Moscow' });
  const logLines: string[] = [];
  const secrets = createSecretList();
  const logger = createLogger({ level: 'debug', secrets, destination: new Writable({ write: (c, _e, done) => (logLines.push(String(c)), done()) }) });
  // The connection's outcome is an outbox row written when the check is over: read it from there.
  const sent = () => db.select().from(outbox).where(eq(outbox.kind, 'message')).all().map((r) => (JSON.parse(r.payload) as { text: string }).text);
  let engine: Engine;
  const runtime: MessengerRuntime = createMessengerRuntime({
    db, engine: () => engine, i18n, logger, media: createMediaCache(db), secrets, secretBox: box, telegramApiRoot: fake!.apiRoot,
  });
  engine = createEngine({ db, i18n, logger, phoneRegion: 'RU', bots: runtime });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await runtime.stopAll();
    db.$client.close();
  };
  cleanups.push(close);
  return { app: { db, engine, i18n, storefront }, runtime, logger, logLines, sent, close };
}

/** Asks the franchisee's bot something as a buyer and waits for its answer. */
async function botAnswers(buyerId: number): Promise<string> {
  fake!.sendText({ id: buyerId, first_name: 'Ира', language_code: 'ru' }, '/start');
  await until(() => fake!.lastMessage(buyerId) !== undefined, 'the bot to answer');
  return fake!.lastMessage(buyerId)!.text ?? '';
}

const storedOf = (db: Db, id: number) => db.select().from(storefronts).where(eq(storefronts.id, id)).get()!;

describe('franchisee bot tokens at rest', () => {
  it('with SECRETS_KEY, a token connected by /connect never reaches the database files, and the bot runs from it again after a restart', async () => {
    fake = await startFakeTelegram({ token });
    const dir = tempDir();
    const path = join(dir, 'shop.sqlite');
    const shop = startShop(path, keyA);
    ensureHqStaff(shop.app.db, [{ channel: 'telegram', userId: '1' }]);
    const kazan = createStorefront(shop.app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    const owner = new TestBuyer(shop.app, '50');
    await owner.say(`/join ${createInvite(shop.app.db, kazan.id)}`);
    await owner.say(`/connect telegram ${token}`);
    await until(() => shop.sent().length === 1, 'the connection');
    expect(shop.sent()[0]).toContain('подключён');
    expect(await botAnswers(77)).toContain('Сарафан Казань');

    expect(storedOf(shop.app.db, kazan.id).telegramToken).toMatch(/^enc:v1:/);
    const secretPart = token.split(':')[1]!;
    expect(bytesOnDisk(dir)).not.toContain(secretPart);
    await shop.close();
    expect(bytesOnDisk(dir)).not.toContain(secretPart);

    const again = startShop(path, keyA);
    createBotTokens(again.app.db, keyA).secureStored(again.logger);
    await again.runtime.startAll();
    expect(await botAnswers(78)).toContain('Сарафан Казань');
    expect(again.logLines.join('')).not.toContain(secretPart);
  });

  it('encrypts tokens stored in plain text once SECRETS_KEY is set, leaving no plain bytes in the file or its log', async () => {
    fake = await startFakeTelegram({ token });
    const dir = tempDir();
    const path = join(dir, 'shop.sqlite');
    const before = startShop(path, undefined);
    const kazan = createStorefront(before.app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    const plain = createBotTokens(before.app.db);
    plain.saveTelegram(kazan.id, token, 'sarafan_test_bot');
    plain.saveVk(kazan.id, vkToken, 229876543);
    await before.close();
    expect(bytesOnDisk(dir)).toContain(token);

    const after = startShop(path, keyA);
    createBotTokens(after.app.db, keyA).secureStored(after.logger);
    const row = storedOf(after.app.db, kazan.id);
    expect(row.telegramToken).toMatch(/^enc:v1:/);
    expect(row.vkToken).toMatch(/^enc:v1:/);
    const disk = bytesOnDisk(dir);
    expect(disk).not.toContain(token.split(':')[1]!);
    expect(disk).not.toContain('V'.repeat(60));
    expect(createBotTokens(after.app.db, keyA).read(row)).toEqual({ telegram: token, vk: vkToken });
    // The VK community would poll VK itself; the Telegram bot shows the token works.
    after.app.db.update(storefronts).set({ vkToken: null, vkGroupId: null }).run();
    await after.runtime.start(kazan.id);
    expect(await botAnswers(79)).toContain('Сарафан Казань');
  });

  it('a wrong key stops the start with an error naming the storefront and never the token; the bot does not run', async () => {
    fake = await startFakeTelegram({ token });
    const dir = tempDir();
    const path = join(dir, 'shop.sqlite');
    const first = startShop(path, keyA);
    const kazan = createStorefront(first.app.db, { slug: 'kazan', name: 'Сарафан Казань' });
    createBotTokens(first.app.db, keyA).saveTelegram(kazan.id, token, 'sarafan_test_bot');
    await first.close();

    const wrong = startShop(path, keyB);
    let error: unknown;
    try {
      createBotTokens(wrong.app.db, keyB).secureStored(wrong.logger);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BotTokenError);
    expect((error as Error).message).toBe(
      `storefront #${kazan.id} «Сарафан Казань»: its Telegram bot token does not open with SECRETS_KEY (another key, or the stored value was altered)`,
    );
    await wrong.runtime.start(kazan.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    const log = wrong.logLines.join('');
    expect(log).toContain('could not start a storefront bot');
    expect(log).toContain(`storefront #${kazan.id} «Сарафан Казань»`);
    expect(log).not.toContain(token.split(':')[1]!);
    await wrong.close();

    const keyless = startShop(path, undefined);
    expect(() => createBotTokens(keyless.app.db).secureStored(keyless.logger)).toThrow(
      `storefront #${kazan.id} «Сарафан Казань»: its Telegram bot token is encrypted, but SECRETS_KEY is not set`,
    );
  });

  it('a stored token altered by one character, or moved to another storefront, fails authentication', () => {
    const db = openDatabase(':memory:');
    const tokens = createBotTokens(db, keyA);
    const kazan = createStorefront(db, { slug: 'kazan', name: 'Казань' });
    const perm = createStorefront(db, { slug: 'perm', name: 'Пермь' });
    tokens.saveTelegram(kazan.id, token, 'bot');
    const sealed = storedOf(db, kazan.id).telegramToken!;
    const at = sealed.length - 10;
    const altered = sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
    db.update(storefronts).set({ telegramToken: altered }).where(eq(storefronts.id, kazan.id)).run();
    expect(() => tokens.read(storedOf(db, kazan.id))).toThrow(/^storefront #\d+ «Казань»: its Telegram bot token does not open with SECRETS_KEY/);
    // Someone who can write the database but not read the key puts Kazan's token into Perm's row.
    db.update(storefronts).set({ telegramToken: sealed }).where(eq(storefronts.id, perm.id)).run();
    expect(() => tokens.read(storedOf(db, perm.id))).toThrow(BotTokenError);
  });

  it('without SECRETS_KEY, warns once at start when franchisees\' tokens are stored in plain text, and not when there are none', () => {
    const db = openDatabase(':memory:');
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(args), info: () => undefined };
    const tokens = createBotTokens(db);
    tokens.secureStored(logger);
    expect(warnings).toHaveLength(0);
    const kazan = createStorefront(db, { slug: 'kazan', name: 'Казань' });
    const perm = createStorefront(db, { slug: 'perm', name: 'Пермь' });
    tokens.saveTelegram(kazan.id, token, 'bot');
    tokens.saveVk(perm.id, vkToken, 1);
    tokens.saveTelegram(perm.id, token.replace('987', '986'), 'bot2');
    expect(storedOf(db, kazan.id).telegramToken).toBe(token);
    tokens.secureStored(logger);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual([{ storefronts: 2, tokens: 3 }, expect.stringContaining('set SECRETS_KEY')]);
    expect(JSON.stringify(warnings)).not.toContain('FFFF');
  });
});

import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { MaxAdapter } from '../../../src/adapters/max/max-adapter.js';
import { cartItems, products } from '../../../src/db/schema.js';
import { createTestApp, type TestApp } from '../../helpers/engine-harness.js';
import { startFakeMax, type FakeMax, type MaxSentMessage, type MaxUser } from '../../helpers/fake-max.js';
import { createTestMaxAdapter } from '../../helpers/max-harness.js';

const anna: MaxUser = { user_id: 7001, first_name: 'Анна', last_name: 'Смирнова', locale: 'ru' };

interface Harness {
  app: TestApp;
  max: FakeMax;
  adapter: MaxAdapter;
  downloads: string[];
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.adapter.stop();
  await h?.max.close();
  h = undefined;
});

async function start(): Promise<Harness> {
  const app = createTestApp();
  const max = await startFakeMax();
  const downloads: string[] = [];
  const adapter = createTestMaxAdapter(app, max, downloads);
  await adapter.start();
  return { app, max, adapter, downloads };
}

const labels = (m: MaxSentMessage | undefined): string[] => (m?.buttons ?? []).flat().map((b: any) => b.text);
function find(m: MaxSentMessage | undefined, part: string): string {
  const label = labels(m).find((l) => l.includes(part));
  if (!label) throw new Error(`no button with "${part}" among ${labels(m).join(' | ')}`);
  return label;
}

describe('MAX storefront through the real @maxhub/max-bot-api client', () => {
  it('greets a buyer who opens the bot, lets them browse with in-place edits and add to the cart', async () => {
    h = await start();
    const { max, app } = h;
    const chat = max.chatIdOf(anna);
    const press = async (part: string) => {
      max.press(anna, find(max.lastMessage(chat), part));
      await max.settle(8000);
    };

    max.botStarted(anna);
    await max.settle();
    const menu = max.lastMessage(chat)!;
    expect(menu.text).toContain('Здравствуйте');
    expect(labels(menu)).toEqual(expect.arrayContaining(['🗂 Каталог', '🛒 Корзина']));
    // A dialog is written to by the user's id (its chat id differs from it).
    expect(max.callsOf('POST /messages')[0]!.query).toEqual({ user_id: String(anna.user_id) });

    await press('Каталог');
    expect(max.messages(chat)).toHaveLength(1); // edited in place through the press's answer
    expect(max.lastMessage(chat)).toMatchObject({ mid: menu.mid, edits: 1 });
    expect(max.lastMessage(chat)!.text).toContain('Каталог');
    await press('Обувь');
    await press('Ботинки');
    await press('Ботинки челси');

    const card = max.lastMessage(chat)!;
    const boots = app.db.select().from(products).where(eq(products.sku, 'SHOE-CHELSEA-01')).get()!;
    expect(card.text).toContain('Ботинки челси замшевые');
    expect(card.text).toContain('6 500 ₽');
    // The picture was downloaded and uploaded once, its token attached (after one "not ready").
    expect(h.downloads).toEqual([boots.pictures[0]]);
    expect(max.uploads).toBe(1);
    expect(card.attachments[0]).toMatchObject({ type: 'image' });
    // The card came as the press's answer, whose fresh token was "not ready" once: it was tried again.
    expect(max.callsOf('POST /answers').length).toBe(max.answers.length + 1);
    expect(labels(card)).toContain('39');

    await press('39');
    expect(max.lastMessage(chat)!.text).toContain('Добавлено в корзину: Ботинки челси замшевые, размер 39');
    expect(app.db.select().from(cartItems).all()).toHaveLength(1);
    // Every one of the five presses was answered, once.
    expect(new Set(max.answers.map((a) => a.callbackId)).size).toBe(5);
    expect(max.answers).toHaveLength(5);
  }, 30_000);

  it('sets the command menu at start, in Russian (MAX keeps one menu a bot)', async () => {
    h = await start();
    const commands = h.max.callsOf('PATCH /me/commands')[0]!.body.commands as Array<{ name: string; description: string }>;
    expect(commands.map((c) => c.name)).toEqual(['start', 'catalog', 'cart', 'orders', 'help', 'cancel', 'mydata', 'forget']);
    expect(commands[1]).toEqual({ name: 'catalog', description: 'Каталог' });
  });

  it('opens a product from a deep link (bot_started payload), uploading its picture once', async () => {
    h = await start();
    const { max, app } = h;
    const chat = max.chatIdOf(anna);
    const boots = app.db.select().from(products).where(eq(products.sku, 'SHOE-CHELSEA-01')).get()!;
    max.botStarted(anna, `p${boots.id}`);
    await max.settle(8000);
    expect(max.lastMessage(chat)?.text).toContain('Ботинки челси замшевые');
    max.botStarted(anna, `p${boots.id}`);
    await max.settle(8000);
    expect(max.messages(chat).filter((m) => m.text?.includes('Ботинки челси замшевые'))).toHaveLength(2);
    expect(max.uploads).toBe(1);
    expect(h.downloads).toHaveLength(1);
  }, 20_000);

  it('marks a buyer who blocked the bot unreachable instead of failing', async () => {
    h = await start();
    const { max, app } = h;
    const unreachable: string[] = [];
    const mark = app.engine.markUnreachable.bind(app.engine);
    app.engine.markUnreachable = (ref) => {
      unreachable.push(ref.chatId);
      mark(ref);
    };
    max.block(anna);
    max.sendText(anna, '/start');
    await max.settle();
    expect(max.callsOf('POST /messages')).toHaveLength(1);
    expect(max.messages(max.chatIdOf(anna))).toEqual([]);
    expect(unreachable).toEqual([String(anna.user_id)]);
  });

  it('hands a webhook update to the engine only with the right secret header', async () => {
    h = await start();
    const { max, adapter } = h;
    const route = adapter.webhookRoute('/max', 'sec-ret');
    expect(route.authorize?.({ 'x-max-bot-api-secret': 'wrong' })).toBe(false);
    expect(route.authorize?.({})).toBe(false);
    expect(route.authorize?.({ 'x-max-bot-api-secret': 'sec-ret' })).toBe(true);
    const update = { update_type: 'bot_started', timestamp: Date.now(), chat_id: 900001, user: { user_id: 1, first_name: 'W', is_bot: false }, user_locale: 'en' };
    let status = 0;
    const res = { writeHead: (s: number) => ((status = s), res), end: () => res } as never;
    await route.handler({ headers: {}, body: Buffer.from(JSON.stringify(update)) }, res);
    expect(status).toBe(200);
    await max.settle();
    expect(max.lastMessage(max.chatIdOf({ user_id: 1, first_name: 'W' }))?.text).toContain('Welcome');
  });

  it('handles a repeated update (a webhook resend) once', async () => {
    h = await start();
    const { max, adapter } = h;
    const route = adapter.webhookRoute('/max', 's');
    const update = max.sendText(anna, '/help');
    await max.settle();
    const res = { writeHead: () => res, end: () => res } as never;
    await route.handler({ headers: {}, body: Buffer.from(JSON.stringify(update)) }, res);
    await max.settle();
    expect(max.callsOf('POST /messages')).toHaveLength(1);
  });

  it('waits out a 429 and still delivers; answers stickers politely', async () => {
    h = await start();
    const { max } = h;
    max.failNext('POST /messages', { status: 429, code: 'too.many.requests', message: 'Too many requests' });
    max.sendUnsupported(anna);
    await max.settle(8000);
    expect(max.callsOf('POST /messages')).toHaveLength(2);
    const answer = max.lastMessage(max.chatIdOf(anna))!;
    expect(answer.text).toBeTruthy();
    expect(answer.text).not.toContain('Здравствуйте');
  }, 15_000);

  it('takes the phone from a shared contact (digits without "+") at checkout', async () => {
    h = await start();
    const { max, app } = h;
    const chat = max.chatIdOf(anna);
    const boots = app.db.select().from(products).where(eq(products.sku, 'SHOE-CHELSEA-01')).get()!;
    const press = async (part: string) => {
      max.press(anna, find(max.lastMessage(chat), part));
      await max.settle(8000);
    };
    max.botStarted(anna, `p${boots.id}`);
    await max.settle(8000);
    await press('39');
    await press('Оформить заказ');
    await press('Согласен');
    max.sendText(anna, 'Анна Смирнова');
    await max.settle();
    const ask = max.lastMessage(chat)!;
    expect(ask.text).toContain('Телефон');
    expect((ask.buttons ?? []).flat().some((b: any) => b.type === 'request_contact')).toBe(true);
    max.sendContact(anna, '79161234567');
    await max.settle();
    expect(max.messages(chat).map((m) => m.text).join('\n')).toContain('+7 916 123 45 67');
  }, 20_000);
});

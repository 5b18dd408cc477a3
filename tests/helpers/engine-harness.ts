import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { seedDemoCatalog } from '../../src/catalog/demo/seed-demo.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { orders, products, storefronts } from '../../src/db/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { InboundEvent, InboundPayload } from '../../src/engine/events.js';
import type { Channel } from '../../src/shared/conversation.js';
import { createI18n, type I18n } from '../../src/shared/i18n.js';
import type { Button, Reply } from '../../src/shared/replies.js';
import { encodeAction } from '../../src/engine/actions.js';
import type { Notification } from '../../src/outbox/notifier.js';
import { ensureDefaultStorefront, type Storefront } from '../../src/storefronts/storefront-service.js';
import { createMessageGates, createMessageHandlers } from '../../src/runtime/message-handlers.js';
import type { QuietHours } from '../../src/outbox/quiet-hours.js';
import { createFulfillmentHandlers } from '../../src/fulfillment/handoff.js';
import type { FulfillmentProvider } from '../../src/fulfillment/provider.js';
import { createOutboxWorker, type DeliveryHandler, type OutboxWorker } from '../../src/outbox/outbox-worker.js';

/** An in-memory app: real migrations, the demo catalog, the real engine. */
export interface TestApp {
  db: Db;
  engine: Engine;
  i18n: I18n;
  storefront: Storefront;
  /** Notifications the engine sent to people other than the sender. */
  sent?: Notification[];
  /** Delivers what the outbox holds (status messages, staff notices, hand-offs with a provider). */
  outbox?: OutboxWorker;
  /** Runs the outbox until nothing more is due now. */
  flush?: () => Promise<void>;
}

/**
 * Options of the test app: `provider` hands confirmed orders to a warehouse (without one they
 * wait in the outbox); `coalesceMs` is the status-message window (0: each stage at once);
 * `quietHours` holds buyers' status news at night (off unless given: tests run at any hour);
 * `notify` replaces the recording messenger (to make one chat fail).
 */
export function createTestApp(
  opts: {
    seed?: boolean;
    provider?: FulfillmentProvider;
    coalesceMs?: number;
    now?: () => number;
    quietHours?: QuietHours;
    notify?: (n: Notification) => Promise<void>;
    databasePath?: string;
  } = {},
): TestApp {
  const db = openDatabase(opts.databasePath ?? ':memory:');
  const storefront = ensureDefaultStorefront(db, { name: 'Тестовый магазин', timeZone: 'Europe/Moscow' });
  if (opts.seed !== false) seedDemoCatalog(db);
  const i18n = createI18n();
  const sent: Notification[] = [];
  const record = async (n: Notification) => void sent.push(n);
  const notify = opts.notify ? async (n: Notification) => (await opts.notify!(n), record(n)) : record;
  const logger = pino({ level: 'silent' });
  const handlers: Partial<Record<string, DeliveryHandler>> = {
    ...createMessageHandlers({ db, i18n, notify, now: opts.now }),
    ...(opts.provider ? createFulfillmentHandlers(db, opts.provider) : {}),
  };
  const outbox = createOutboxWorker({
    db,
    logger,
    handlers,
    gates: createMessageGates(db, opts.coalesceMs ?? 0, opts.quietHours ?? null),
    now: opts.now,
    backoff: { baseMs: 1000, maxMs: 60_000 },
  });
  const flush = async () => {
    for (let i = 0; i < 20 && (await outbox.runOnce()) > 0; i++);
  };
  const engine = createEngine({ db, i18n, logger, phoneRegion: 'RU' });
  return { db, engine, i18n, storefront, sent, outbox, flush };
}

/** Every button on a set of replies. */
export function buttonsOf(replies: Reply[]): Button[] {
  return replies.flatMap((r) => r.buttons?.flat() ?? []);
}

/** The texts of replies joined, for assertions. */
export function textOf(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n---\n');
}

let eventCounter = 0;

/** A simulated buyer talking to the engine directly. */
export class TestBuyer {
  /** Replies to the last event. */
  last: Reply[] = [];
  /**
   * Agrees to the personal-data notice whenever checkout shows it, with its button, as most
   * buyers do; tests of the notice itself (tests/engine/personal-data.test.ts) turn this off.
   */
  agreesToNotice = true;

  constructor(
    readonly app: TestApp,
    readonly userId = 'u1',
    readonly localeHint: string | undefined = 'ru',
    readonly channel: Channel = 'telegram',
    readonly profileName = 'Мария Иванова',
  ) {}

  async event(payload: InboundPayload): Promise<Reply[]> {
    const event = {
      ...payload,
      ref: { storefrontId: this.app.storefront.id, channel: this.channel, chatId: this.userId, userId: this.userId },
      eventId: `e${++eventCounter}`,
      localeHint: this.localeHint,
      profileName: this.profileName,
    } as InboundEvent;
    this.last = await this.app.engine.handle(event);
    await this.app.flush?.();
    const agree = this.agreesToNotice && buttonsOf(this.last).find((b) => 'action' in b && b.action === encodeAction({ name: 'pd-agree' }));
    if (agree && 'action' in agree) return this.event({ type: 'action', data: agree.action });
    return this.last;
  }

  /** Types text; `/cmd args` becomes a command and `/start x` a start event, as adapters do. */
  say(text: string): Promise<Reply[]> {
    const command = /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(text);
    if (command?.[1] === 'start') return this.event({ type: 'start', payload: command[2] });
    if (command) return this.event({ type: 'command', name: command[1]!, args: command[2] ?? '' });
    return this.event({ type: 'text', text });
  }

  /** Finds a button on the last replies whose label contains `label` (or matches it). */
  button(label: string | RegExp): Button {
    const all = buttonsOf(this.last);
    const found = all.find((b) => (typeof label === 'string' ? b.label.includes(label) : label.test(b.label)));
    if (!found) throw new Error(`no button ${label} among: ${all.map((b) => b.label).join(' | ')}\n${textOf(this.last)}`);
    return found;
  }

  /** Presses a button on the last replies. A reply-keyboard button (next to "share my number") is typed. */
  press(label: string | RegExp): Promise<Reply[]> {
    const b = this.button(label);
    if ('requestContact' in b) throw new Error('use shareContact() for the contact button');
    if ('url' in b) throw new Error('url buttons do nothing in the engine');
    const replyKeyboard = buttonsOf(this.last).some((x) => 'requestContact' in x);
    return replyKeyboard ? this.event({ type: 'text', text: b.label }) : this.event({ type: 'action', data: b.action });
  }

  shareContact(phone: string, own = true): Promise<Reply[]> {
    return this.event({ type: 'contact', phone, own });
  }

  get text(): string {
    return textOf(this.last);
  }
}

/** A demo product by its SKU. */
export function productBySku(app: TestApp, sku: string) {
  const product = app.db.select().from(products).where(eq(products.sku, sku)).get();
  if (!product) throw new Error(`no demo product ${sku}`);
  return product;
}

/** Opens the demo suede Chelsea boots by deep link and puts one pair of `size` in the cart. */
export async function cartWithBoots(buyer: TestBuyer, size = '39') {
  const boots = productBySku(buyer.app, 'SHOE-CHELSEA-01');
  await buyer.say(`/start p${boots.id}`);
  await buyer.press(new RegExp(`^${size}$`));
  return boots;
}

/** Answers the five checkout questions (from the name on), ending on the summary. */
export async function fillCheckoutForm(buyer: TestBuyer, city = 'Москва', address = 'Тверская, 7, кв. 12') {
  await buyer.say('Анна Смирнова');
  await buyer.say('89161234567');
  await buyer.say(city);
  await buyer.say(address);
  await buyer.press('Пропустить');
}

/** A buyer orders one pair of the demo boots in a storefront that confirms orders itself; returns the order. */
export async function orderBoots(app: TestApp, buyer: TestBuyer, size = '39') {
  app.db.update(storefronts).set({ autoConfirm: true }).run();
  await cartWithBoots(buyer, size);
  await buyer.press('Оформить заказ');
  await fillCheckoutForm(buyer);
  await buyer.press('Подтвердить заказ');
  return app.db.select().from(orders).all().at(-1)!;
}

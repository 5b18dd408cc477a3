/**
 * A buyer talking to the engine the way a person does: every button pressed is one the engine
 * actually showed on its last replies (codes read off the reply's buttons, never built by hand),
 * and every typed answer is what a person types.
 *
 * The journey: /start → catalog → a top category → subcategories down to a list (sometimes the
 * next page) → a product card → a search → a card from the results → a size → the cart →
 * checkout: consent to personal data (the first time), name, phone, city, address, skip the
 * comment, confirm (with the key from the summary's button).
 *
 * @module
 */
import type { Engine } from '../../src/engine/engine.js';
import type { InboundEvent, InboundPayload } from '../../src/engine/events.js';
import type { Button, Reply } from '../../src/shared/replies.js';
import type { Random } from './random.js';
import { createQueryPicker } from './queries.js';

/** Kinds of events a journey sends, for latency by kind. */
export type EventKind =
  | 'start'
  | 'catalog'
  | 'category'
  | 'next-page'
  | 'product'
  | 'search'
  | 'add'
  | 'cart'
  | 'checkout'
  | 'consent'
  | 'name'
  | 'phone'
  | 'city'
  | 'address'
  | 'skip-comment'
  | 'confirm';

/** Where journeys report each handled event. */
export type Recorder = (kind: EventKind, ms: number) => void;

/** Options of one journey. */
export interface JourneyOptions {
  engine: Engine;
  storefrontId: number;
  /** The messenger user id (also the private chat id). */
  userId: string;
  rnd: Random;
  record: Recorder;
  /**
   * Waits between events (a person reading); resolves at once for a saturating load. May resolve
   * with the `process.hrtime.bigint()` at which the event was due: latency then counts from
   * there, so time the event spent waiting for a busy event loop is not left out. Throws
   * {@link JourneyStopped} to end the journey early (a benchmark's time is up).
   */
  think: () => Promise<bigint | void>;
  /** Prefix making event ids unique across runs over one database. */
  eventPrefix: string;
}

/** How a journey ended. */
export interface JourneyOutcome {
  events: number;
  ordered: boolean;
}

const names = ['Анна Смирнова', 'Мария Иванова', 'Ольга Кузнецова', 'Елена Попова', 'Ирина Соколова', 'Дмитрий Лебедев', 'Сергей Козлов', 'Наталья Новикова'];
const cities = ['Москва', 'Санкт-Петербург', 'Казань', 'Вологда', 'Екатеринбург', 'Новосибирск', 'Самара', 'Краснодар'];
const streets = ['ул. Мира', 'Тверская ул.', 'ул. Ленина', 'пр. Победы', 'ул. Гагарина', 'Садовая ул.'];

/** A button the buyer can press, as the journey keeps it: its code, and whether it opens a folder (labelled 📁). */
type Action = { action: string; folder: boolean };

const actionsOf = (replies: Reply[]): Action[] =>
  replies
    .flatMap((r) => r.buttons?.flat() ?? [])
    .flatMap((b: Button) => ('action' in b ? [{ action: b.action, folder: b.label.startsWith('📁') }] : []));

/** Thrown by a journey's `think` to end it before the next event. */
export class JourneyStopped extends Error {
  constructor() {
    super('journey stopped');
  }
}

/** Thrown when the engine did not show what a buyer needs for the next step. */
export class JourneyError extends Error {
  constructor(step: string, shown: Action[]) {
    super(`journey: no way to ${step}; buttons of the last reply: ${shown.map((b) => b.action).join(', ')}`);
  }
}

const pickQuery = createQueryPicker();

/** Runs one buyer's journey to a placed order. */
export async function runJourney(o: JourneyOptions): Promise<JourneyOutcome> {
  let seq = 0;
  // Only the buttons' codes are kept between events: replies (texts, labels, keyboards) held through
  // a thousand buyers' pauses would make the engine's garbage collector copy them, which no
  // messenger adapter makes it do.
  let last: Action[] = [];
  const profileName = o.rnd.pick(names);
  const send = async (kind: EventKind, payload: InboundPayload): Promise<Action[]> => {
    const due = await o.think();
    const event = {
      ...payload,
      ref: { storefrontId: o.storefrontId, channel: 'telegram', chatId: o.userId, userId: o.userId },
      eventId: `${o.eventPrefix}:${o.userId}:${++seq}`,
      localeHint: 'ru',
      profileName,
    } as InboundEvent;
    const start = due ?? process.hrtime.bigint();
    last = actionsOf(await o.engine.handle(event));
    o.record(kind, Number(process.hrtime.bigint() - start) / 1e6);
    return last;
  };
  const press = (kind: EventKind, action: string) => send(kind, { type: 'action', data: action });
  const find = (step: string, test: (action: string, folder: boolean) => boolean) => {
    const found = last.filter((b) => test(b.action, b.folder));
    if (found.length === 0) throw new JourneyError(step, last);
    return found;
  };

  await send('start', { type: 'start' });
  await press('catalog', find('open the catalog', (a) => a === 'c:0:0')[0]!.action);
  // Down the tree: folders are buttons labelled 📁, until a level lists products.
  let folders = find('pick a category', (a, folder) => a.startsWith('c:') && folder);
  let category = 0;
  while (folders.length > 0) {
    const next = o.rnd.pick(folders).action;
    category = Number(next.split(':')[1]);
    await press('category', next);
    folders = last.filter((b) => b.action.startsWith('c:') && b.folder);
  }
  if (o.rnd.chance(0.4)) {
    const page = last.find((b) => b.action === `c:${category}:1`);
    if (page) await press('next-page', page.action);
  }
  await press('product', o.rnd.pick(find('open a product', (a) => a.startsWith('p:'))).action);

  // A search, then cards from its results until one has a size in stock, into the cart and
  // through checkout. Other buyers can take the last unit meanwhile (the cart holds no stock):
  // then the summary says so and the buyer searches again, as a person would.
  for (let attempt = 0; attempt < 3; attempt++) {
    await send('search', { type: 'text', text: pickQuery(o.rnd) });
    let results = last.filter((b) => b.action.startsWith('p:'));
    if (results.length === 0) {
      // Nothing found: back to the category they browsed.
      await press('category', `c:${category}:0`);
      results = find('open a product', (a) => a.startsWith('p:'));
    }
    let sizes: Array<{ action: string }> = [];
    for (const candidate of [...results].sort(() => o.rnd.next() - 0.5).slice(0, 4)) {
      await press('product', candidate.action);
      sizes = last.filter((b) => b.action.startsWith('a:'));
      if (sizes.length > 0) break;
    }
    if (sizes.length === 0) continue;
    await press('add', o.rnd.pick(sizes).action);
    await press('cart', find('open the cart', (a) => a.startsWith('k:'))[0]!.action);
    const checkout = last.find((b) => b.action === 'o');
    if (!checkout) continue;
    await press('checkout', checkout.action);
    // A buyer's first checkout asks for consent to the processing of personal data first (152-FZ).
    const agree = last.find((b) => b.action === 'ca');
    if (agree) await press('consent', agree.action);
    // The cart changed between looking at it and tapping "checkout" (another buyer took the last
    // unit): the cart is shown again with what changed instead of a question, and the buyer
    // searches again.
    if (!last.some((b) => b.action === 'ox' || b.action.startsWith('oc:'))) continue;
    // A second attempt resumes the checkout at its summary; the first one asks everything.
    if (!last.some((b) => b.action.startsWith('oc:'))) {
      await send('name', { type: 'text', text: profileName });
      await send('phone', { type: 'text', text: `89${o.rnd.int(100_000_000, 999_999_999)}` });
      await send('city', { type: 'text', text: o.rnd.pick(cities) });
      await send('address', { type: 'text', text: `${o.rnd.pick(streets)}, ${o.rnd.int(1, 120)}, кв. ${o.rnd.int(1, 300)}` });
      await press('skip-comment', find('skip the comment', (a) => a === 'os')[0]!.action);
    }
    const confirm = last.find((b) => b.action.startsWith('oc:'));
    if (!confirm) continue;
    await press('confirm', confirm.action);
    // Placed: the answer offers "my orders" (m:0). Otherwise the summary came back with what
    // changed (confirm again next round) or the cart emptied under the buyer.
    if (last.some((b) => b.action === 'm:0')) return { events: seq, ordered: true };
  }
  return { events: seq, ordered: false };
}

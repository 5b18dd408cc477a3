import { and, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { findBuyer } from '../../src/buyers/buyer-service.js';
import { createSearchWorker, type SearchRunner } from '../../src/catalog/search-runner.js';
import { processedEvents, variants } from '../../src/db/schema.js';
import { createEngine } from '../../src/engine/engine.js';
import { encodeAction } from '../../src/engine/actions.js';
import { createDialogueStore } from '../../src/engine/dialogue.js';
import type { InboundEvent } from '../../src/engine/events.js';
import { createI18n } from '../../src/shared/i18n.js';
import { openDemoShopFile } from '../helpers/demo-shop-file.js';
import { productBySku, TestBuyer, textOf, type TestApp } from '../helpers/engine-harness.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The demo shop in a database file, served by an engine that searches on the search worker (and one that does not). */
async function shopWithSearchWorker(): Promise<{ app: TestApp; onLoop: TestApp; searcher: SearchRunner; workerSearches: () => number }> {
  const { db, path, storefront } = openDemoShopFile(cleanups);
  const i18n = createI18n();
  const logger = pino({ level: 'silent' });
  const searcher = createSearchWorker({ path, logger });
  cleanups.push(() => searcher.close());
  await searcher.ready;
  let workerSearches = 0;
  const counted: SearchRunner = { ...searcher, find: (request) => (workerSearches++, searcher.find(request)) };
  const engine = createEngine({ db, i18n, logger, phoneRegion: 'RU', searcher: counted });
  const plain = createEngine({ db, i18n, logger, phoneRegion: 'RU' });
  return { app: { db, engine, i18n, storefront }, onLoop: { db, engine: plain, i18n, storefront }, searcher, workerSearches: () => workerSearches };
}

describe('searches on the search worker', () => {
  it('answers a search and its pages exactly as a search on the event loop does', async () => {
    const { app, onLoop, workerSearches } = await shopWithSearchWorker();
    const buyer = new TestBuyer(app, 'u1');
    const same = new TestBuyer(onLoop, 'u2');
    for (const step of [(b: TestBuyer) => b.say('обувь'), (b: TestBuyer) => b.press('▶️'), (b: TestBuyer) => b.say('/search платье')]) {
      await step(buyer);
      await step(same);
      expect(buyer.last).toEqual(same.last);
    }
    expect(buyer.text).toContain('платье');
    expect(workerSearches()).toBe(3);
  });

  it('handles a searched message once, in order with the next press, and skips a redelivery', async () => {
    const { app, workerSearches } = await shopWithSearchWorker();
    const ref = { storefrontId: app.storefront.id, channel: 'telegram', chatId: 'u3', userId: 'u3' } as const;
    const typed: InboundEvent = { type: 'text', text: 'обувь', ref, eventId: 'search-1', localeHint: 'ru' };
    const first = app.engine.handle(typed);
    // Pressed before the search was answered: it must see the search's query, so it runs after it.
    const next = app.engine.handle({ type: 'action', data: encodeAction({ name: 'search-page', page: 1 }), ref, eventId: 'search-2', localeHint: 'ru' });
    const [found, secondPage] = await Promise.all([first, next]);
    expect(textOf(found)).toContain('По запросу «обувь» нашлось');
    expect(textOf(secondPage)).toContain('По запросу «обувь» нашлось');
    expect(textOf(secondPage)).toContain('Страница 2 из');
    expect(await app.engine.handle(typed)).toEqual([]);
    const claims = app.db
      .select()
      .from(processedEvents)
      .where(and(eq(processedEvents.storefrontId, app.storefront.id), eq(processedEvents.eventId, 'search-1')))
      .all();
    expect(claims).toHaveLength(1);
    expect(workerSearches()).toBe(2);
  });

  it('answers a search typed again from the cache, and asks the worker again once the catalog changed', async () => {
    const { app, workerSearches } = await shopWithSearchWorker();
    const buyer = new TestBuyer(app, 'u5');
    const other = new TestBuyer(app, 'u6');
    await buyer.say('ботинки');
    await other.say('ботинки');
    expect(other.last).toEqual(buyer.last);
    expect(workerSearches()).toBe(1);
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    app.db.update(variants).set({ stock: 0 }).where(eq(variants.productId, boots.id)).run();
    await other.say('ботинки');
    expect(workerSearches()).toBe(2);
    expect(other.text.indexOf('Ботинки на шнуровке')).toBeLessThan(other.text.indexOf('Ботинки челси'));
  });

  it('shares a worker search between queries typed with other case and spaces', async () => {
    const { app, workerSearches } = await shopWithSearchWorker();
    const buyer = new TestBuyer(app, 'u7');
    const other = new TestBuyer(app, 'u8');
    await buyer.say('Ботинки  ');
    await other.say('ботинки');
    expect(other.text).toContain('По запросу «ботинки» нашлось');
    expect(other.text.replace('«ботинки»', '«Ботинки»')).toEqual(buyer.text);
    expect(workerSearches()).toBe(1);
  });

  it('runs a search it did not foresee on the loop: a page past the end shows the last page, as on the loop', async () => {
    const { app, onLoop, workerSearches } = await shopWithSearchWorker();
    const buyer = new TestBuyer(app, 'u9');
    const same = new TestBuyer(onLoop, 'u10');
    for (const b of [buyer, same]) {
      await b.say('обувь');
      await b.event({ type: 'action', data: encodeAction({ name: 'search-page', page: 40 }) });
    }
    expect(buyer.text).toMatch(/Страница (\d+) из \1/);
    expect(buyer.last).toEqual(same.last);
    // The first page and the planned page past the end; the last page itself was searched on the loop.
    expect(workerSearches()).toBe(2);
  });

  it('answers right when the plan is wrong: text it took for a staff reply searches, on the loop', async () => {
    const { app, onLoop, workerSearches } = await shopWithSearchWorker();
    const buyer = new TestBuyer(app, 'u11');
    const same = new TestBuyer(onLoop, 'u12');
    const dialogues = createDialogueStore(app.db);
    for (const b of [buyer, same]) {
      await b.say('/help');
      // Left over from a staff role taken away since: without the role, typed text is a search.
      const { id } = findBuyer(app.db, { storefrontId: app.storefront.id, channel: 'telegram', chatId: b.userId, userId: b.userId })!;
      dialogues.save(app.storefront.id, id, { ...dialogues.load(app.storefront.id, id), replyTo: 1 });
      await b.say('челси');
    }
    expect(buyer.text).toContain('Ботинки челси замшевые');
    expect(buyer.last).toEqual(same.last);
    expect(workerSearches()).toBe(0);
  });

  it('searches on the loop when the worker fails the planned search', async () => {
    const { app, onLoop } = await shopWithSearchWorker();
    const failing: SearchRunner = { available: () => true, find: () => Promise.reject(new Error('worker died')), ready: Promise.resolve(), close: async () => undefined };
    const engine = createEngine({ db: app.db, i18n: app.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', searcher: failing });
    const buyer = new TestBuyer({ ...app, engine }, 'u13');
    const same = new TestBuyer(onLoop, 'u14');
    await buyer.say('челси');
    await same.say('челси');
    expect(buyer.text).toContain('Ботинки челси замшевые');
    expect(buyer.last).toEqual(same.last);
  });

  it('searches on the loop while the worker is still opening the database', async () => {
    const { app } = await shopWithSearchWorker();
    let asked = 0;
    const opening: SearchRunner = { available: () => false, find: () => (asked++, new Promise(() => undefined)), ready: new Promise(() => undefined), close: async () => undefined };
    const engine = createEngine({ db: app.db, i18n: app.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', searcher: opening });
    const buyer = new TestBuyer({ ...app, engine }, 'u15');
    await buyer.say('челси');
    expect(buyer.text).toContain('Ботинки челси замшевые');
    expect(asked).toBe(0);
  });

  it('keeps answering searches on the event loop when the worker is gone', async () => {
    const { app, searcher, workerSearches } = await shopWithSearchWorker();
    await searcher.close();
    expect(searcher.available()).toBe(false);
    const buyer = new TestBuyer(app, 'u4');
    await buyer.say('челси');
    expect(buyer.text).toContain('Ботинки челси замшевые');
    // Not handed to a worker that is gone (no warning per search).
    expect(workerSearches()).toBe(0);
  });
});

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { watchOutboxWrites } from '../../src/outbox/outbox.js';
import { createTestApp, orderBoots, TestBuyer } from '../helpers/engine-harness.js';

describe('new outbox rows wake the outbox worker', () => {
  it('kicks the worker after an order, and not after a buyer only browsed', async () => {
    const base = createTestApp();
    let kicks = 0;
    const engine = createEngine({ db: base.db, i18n: base.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', outbox: { kick: () => void kicks++ } });
    const app = { db: base.db, engine, i18n: base.i18n, storefront: base.storefront };
    const buyer = new TestBuyer(app, 'u-kick');
    await buyer.say('/start');
    await buyer.press('Каталог');
    await buyer.say('кеды');
    expect(kicks).toBe(0);
    await orderBoots(app, buyer);
    // Confirming wrote the staff notice and the hand-off to the warehouse: the worker is told at once.
    expect(kicks).toBe(1);
  });

  it('tells every watcher of a connection, once per run of new rows', () => {
    const { db } = createTestApp();
    const first = watchOutboxWrites(db);
    const second = watchOutboxWrites(db);
    db.$client.prepare("insert into outbox (kind, key, payload, due_at) values ('staff-notice', 'k1', '{}', 0)").run();
    expect([first.take(), second.take()]).toEqual([true, true]);
    expect([first.take(), second.take()]).toEqual([false, false]);
  });
});

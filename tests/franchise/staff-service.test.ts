import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { staff, storefronts } from '../../src/db/schema.js';
import { createEngine } from '../../src/engine/engine.js';
import { createInvite, ensureHqStaff, isHq, maxJoinFailuresPerHour } from '../../src/franchise/staff-service.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

const hour = 3_600_000;
const a = { channel: 'telegram', userId: '1' } as const;
const b = { channel: 'telegram', userId: '2' } as const;

/** The test app with a clock the test moves; a new engine on the same database stands for a restart. */
function withClock(base: TestApp, clock: { now: number }, inviteTtlHours = 72): TestApp {
  const engine = createEngine({ db: base.db, i18n: base.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', staff: { inviteTtlHours, now: () => clock.now } });
  return { ...base, engine };
}

describe('HQ_ADMINS is the source of truth at every start', () => {
  it('an account taken off the list is no longer HQ after a restart, and cannot run HQ commands', async () => {
    const app = createTestApp();
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
    ensureHqStaff(app.db, [a, b]);
    const removed = new TestBuyer(app, '2');
    await removed.say('/shops');
    expect(removed.text).toContain('Магазины сети');

    // Restart with only A.
    ensureHqStaff(app.db, [a]);
    expect(isHq(app.db, b)).toBe(false);
    expect(isHq(app.db, a)).toBe(true);
    for (const command of [`/pause ${shop.id}`, '/rules 300 200', `/invite ${shop.id}`, '/shops', '/admin', '/staff']) {
      await removed.say(command);
      expect(removed.text, command).toContain(`Не знаю команду ${command.split(' ')[0]}`);
    }
    expect(app.db.select().from(storefronts).all().every((s) => !s.paused)).toBe(true);
    // The kept account keeps its row (and with it the chat where it is told of orders).
    ensureHqStaff(app.db, [a, a]);
    expect(app.db.select().from(staff).all().filter((r) => r.role === 'hq')).toHaveLength(1);
  });

  it("keeps storefront owners and managers: only HQ rows follow the list", async () => {
    const app = createTestApp();
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
    ensureHqStaff(app.db, [a]);
    const owner = new TestBuyer({ ...app, storefront: shop }, '50');
    await owner.say(`/join ${createInvite(app.db, shop.id)}`);
    ensureHqStaff(app.db, []);
    expect(app.db.select().from(staff).all().map((r) => r.role)).toEqual(['owner']);
  });
});

describe('invite codes', () => {
  it('expire after INVITE_TTL_HOURS with a clear answer; the invite says until when it is valid', async () => {
    const clock = { now: Date.UTC(2026, 11, 3, 9, 0) };
    const app = withClock(createTestApp(), clock, 72);
    ensureHqStaff(app.db, [a]);
    const shop = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
    const hq = new TestBuyer(app, '1');
    await hq.say(`/invite ${shop.id} manager`);
    // 09:00 UTC + 72 h, in the HQ storefront's Moscow time.
    expect(hq.text).toContain('Код действует до 06.12.2026, 12:00');
    const code = /\/join (\w+)/.exec(hq.text)![1]!;
    await hq.say('/newshop Самара');
    expect(hq.text).toContain('Код действует до 06.12.2026, 12:00');

    const late = new TestBuyer({ ...app, storefront: shop }, '60');
    clock.now += 72 * hour;
    await late.say(`/join ${code}`);
    expect(late.text).toContain('Срок этого кода истёк. Попросите у франчайзера новый.');
    expect(app.db.select().from(staff).all().some((r) => r.userId === '60')).toBe(false);

    const inTime = new TestBuyer({ ...app, storefront: shop }, '61');
    await hq.say(`/invite ${shop.id}`);
    const fresh = /\/join (\w+)/.exec(hq.text)![1]!;
    clock.now += 72 * hour - 60_000;
    await inTime.say(`/join ${fresh}`);
    expect(inTime.text).toContain('✅ Готово: вы — владелец магазина «Казань»');
  });

  it('an account gets at most 5 wrong /join tries an hour, persisted across a restart; the 6th is refused even with the right code', async () => {
    const clock = { now: Date.UTC(2026, 11, 3, 9, 0) };
    const base = createTestApp();
    const shop = createStorefront(base.db, { slug: 'kazan', name: 'Казань' });
    const code = createInvite(base.db, shop.id, 'owner', clock.now);
    const attacker = new TestBuyer({ ...withClock(base, clock), storefront: shop }, '66');
    expect(maxJoinFailuresPerHour).toBe(5);
    for (let i = 0; i < 5; i++) {
      clock.now += 60_000;
      await attacker.say(`/join GUESS${i}XYZ`);
      expect(attacker.text).toContain('Такого кода приглашения нет');
    }
    // A restart: the tries are in the database, not in memory.
    const restarted = new TestBuyer({ ...withClock(base, clock), storefront: shop }, '66');
    await restarted.say(`/join ${code}`);
    // The first wrong try was at 09:01; it stops counting at 10:01, 56 minutes from the last one at 09:05.
    expect(restarted.text).toContain('Слишком много неверных кодов. Попробуйте снова через 56 мин.');
    expect(base.db.select().from(staff).all()).toEqual([]);
    // Another account is not held back by the attacker's tries.
    const other = new TestBuyer({ ...withClock(base, clock), storefront: shop }, '67');
    await other.say('/join NOPE1234');
    expect(other.text).toContain('Такого кода приглашения нет');

    clock.now += 55 * 60_000;
    await restarted.say(`/join ${code}`);
    expect(restarted.text).toContain('через 1 мин.');
    clock.now += 60_000;
    await restarted.say(`/join ${code}`);
    expect(restarted.text).toContain('✅ Готово: вы — владелец магазина «Казань»');
  });

  it('a code already used counts as a wrong try', async () => {
    const clock = { now: Date.UTC(2026, 11, 3, 9, 0) };
    const base = createTestApp();
    const shop = createStorefront(base.db, { slug: 'kazan', name: 'Казань' });
    const used = createInvite(base.db, shop.id, 'owner', clock.now);
    await new TestBuyer({ ...withClock(base, clock), storefront: shop }, '50').say(`/join ${used}`);
    const attacker = new TestBuyer({ ...withClock(base, clock), storefront: shop }, '66');
    for (let i = 0; i < 5; i++) await attacker.say(`/join ${used}`);
    expect(attacker.text).toContain('Этот код уже использован');
    await attacker.say(`/join ${createInvite(base.db, shop.id, 'manager', clock.now)}`);
    expect(attacker.text).toContain('Слишком много неверных кодов. Попробуйте снова через 60 мин.');
  });
});

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { staff } from '../../src/db/schema.js';
import { createEngine } from '../../src/engine/engine.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

/** HQ (telegram:1), storefront Kazan with its owner (50) and managers (51, 52), storefront Samara with its owner (70). */
async function network() {
  const base = createTestApp();
  const clock = { now: Date.UTC(2026, 11, 3, 9, 0) };
  const engine = createEngine({ db: base.db, i18n: base.i18n, logger: pino({ level: 'silent' }), phoneRegion: 'RU', staff: { now: () => clock.now } });
  const app: TestApp = { ...base, engine };
  ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
  const kazan = createStorefront(app.db, { slug: 'kazan', name: 'Казань', timeZone: 'Asia/Yekaterinburg' });
  const samara = createStorefront(app.db, { slug: 'samara', name: 'Самара' });
  const inKazan: TestApp = { ...app, storefront: kazan };
  const inSamara: TestApp = { ...app, storefront: samara };
  const join = async (where: TestApp, userId: string, shopId: number, role: 'owner' | 'manager') => {
    const person = new TestBuyer(where, userId, 'ru', 'telegram', `Сотрудник ${userId}`);
    await person.say(`/join ${createInvite(app.db, shopId, role, clock.now)}`);
    expect(person.text).toContain('✅ Готово');
    clock.now += 60_000;
    return person;
  };
  const owner = await join(inKazan, '50', kazan.id, 'owner');
  const manager = await join(inKazan, '51', kazan.id, 'manager');
  const manager2 = await join(inKazan, '52', kazan.id, 'manager');
  const samaraOwner = await join(inSamara, '70', samara.id, 'owner');
  const idOf = (userId: string) => app.db.select().from(staff).all().find((r) => r.userId === userId)!.id;
  return { app, kazan, samara, inKazan, owner, manager, manager2, samaraOwner, hq: new TestBuyer(app, '1'), idOf };
}

describe('/staff', () => {
  it("lists the storefront's staff with role, since when (in the storefront's time zone) and the number /revoke takes", async () => {
    const { owner, manager, idOf } = await network();
    await owner.say('/staff');
    // Joined at 09:00, 09:01 UTC: Yekaterinburg is UTC+5.
    expect(owner.text).toContain('👥 Персонал магазина «Казань»');
    expect(owner.text).toContain(`#${idOf('50')} · владелец · Сотрудник 50 (telegram:50) · с 03.12.2026, 14:00`);
    expect(owner.text).toContain(`#${idOf('51')} · менеджер · Сотрудник 51 (telegram:51) · с 03.12.2026, 14:01`);
    expect(owner.text).not.toContain('telegram:70');
    expect(owner.text).not.toContain('telegram:1 ');
    // A manager sees the list too, but not another storefront's.
    await manager.say('/staff');
    expect(manager.text).toContain(`#${idOf('52')} · менеджер`);
    await owner.say(`/staff ${idOf('70')}`);
    expect(owner.text).not.toContain('telegram:70');
  });

  it('HQ in the HQ bot lists any storefront, and with no number HQ itself', async () => {
    const { hq, samara, idOf } = await network();
    await hq.say(`/staff ${samara.id}`);
    expect(hq.text).toContain(`#${idOf('70')} · владелец · Сотрудник 70 (telegram:70)`);
    await hq.say('/staff');
    expect(hq.text).toContain(`#${idOf('1')} · франчайзер · `);
    expect(hq.text).not.toContain('telegram:50');
    await hq.say('/staff 999');
    expect(hq.text).toContain('Так: /staff — ваш магазин, или /staff 3');
  });

  it('is unknown to a buyer', async () => {
    const { inKazan } = await network();
    const buyer = new TestBuyer(inKazan, '99');
    await buyer.say('/staff');
    expect(buyer.text).toContain('Не знаю команду /staff');
  });
});

describe('/revoke', () => {
  it('an owner removes a manager, who loses access at once: their next command is a buyer\'s', async () => {
    const { owner, manager, app, idOf } = await network();
    await manager.say('/admin');
    expect(manager.text).toContain('Управление магазином «Казань»');
    const id = idOf('51');
    await owner.say(`/revoke ${id}`);
    expect(owner.text).toContain(`✅ #${id} Сотрудник 51 (telegram:51), менеджер, больше не персонал магазина «Казань». Доступ пропал сразу.`);
    await manager.say('/admin');
    expect(manager.text).toContain('Не знаю команду /admin');
    await manager.say('/orders');
    expect(manager.text).not.toContain('Заказы магазина');
    expect(app.db.select().from(staff).all().some((r) => r.userId === '51')).toBe(false);
    await owner.say(`/revoke ${id}`);
    expect(owner.text).toContain(`Сотрудника #${id} нет среди тех, кого вы можете убрать`);
  });

  it('an owner cannot remove staff of another storefront, HQ, another owner or themselves; a manager nobody', async () => {
    const { owner, manager, idOf, app, inKazan } = await network();
    const rows = () => app.db.select().from(staff).all();
    const before = rows();
    await owner.say(`/revoke ${idOf('70')}`);
    expect(owner.text).toContain(`Сотрудника #${idOf('70')} нет среди тех, кого вы можете убрать`);
    await owner.say(`/revoke ${idOf('1')}`);
    expect(owner.text).toContain(`Сотрудника #${idOf('1')} нет среди тех, кого вы можете убрать`);
    await owner.say(`/revoke ${idOf('50')}`);
    expect(owner.text).toContain('Себя убрать нельзя');
    const coOwner = new TestBuyer(inKazan, '53');
    await coOwner.say(`/join ${createInvite(app.db, inKazan.storefront.id, 'owner', Date.UTC(2026, 11, 3, 9, 30))}`);
    await owner.say(`/revoke ${idOf('53')}`);
    expect(owner.text).toContain('Владельца может сменить только франчайзер.');
    await manager.say(`/revoke ${idOf('52')}`);
    expect(manager.text).toContain('Убирать персонал может только владелец магазина или франчайзер.');
    await owner.say('/revoke someone');
    expect(owner.text).toContain('Так: /revoke 12');
    expect(rows()).toEqual([...before, ...rows().filter((r) => r.userId === '53')]);
  });

  it('HQ replaces an owner: revoke the old one, /invite a new one; HQ itself is set by HQ_ADMINS only', async () => {
    const { hq, samara, samaraOwner, idOf, app } = await network();
    const id = idOf('70');
    await hq.say(`/revoke ${id}`);
    expect(hq.text).toContain(`больше не персонал магазина «Самара»`);
    expect(hq.text).toContain(`Код для нового: /invite ${samara.id}`);
    await samaraOwner.say('/admin');
    expect(samaraOwner.text).toContain('Не знаю команду /admin');
    await hq.say(`/invite ${samara.id}`);
    const next = new TestBuyer({ ...app, storefront: samara }, '71');
    await next.say(`/join ${/\/join (\w+)/.exec(hq.text)![1]}`);
    expect(next.text).toContain('владелец магазина «Самара»');
    await hq.say(`/revoke ${idOf('1')}`);
    expect(hq.text).toContain('Франчайзеров задаёт HQ_ADMINS');
    expect(app.db.select().from(staff).all().some((r) => r.role === 'hq')).toBe(true);
  });

  it('the admin help names /staff and /revoke', async () => {
    const { owner, manager, hq } = await network();
    await owner.say('/admin');
    expect(owner.text).toContain('/revoke 12 — убрать менеджера #12');
    await manager.say('/admin');
    expect(manager.text).toContain('/staff — кто работает в магазине');
    expect(manager.text).not.toContain('/revoke');
    await hq.say('/admin');
    expect(hq.text).toContain('/staff 3 — персонал магазина #3');
  });
});

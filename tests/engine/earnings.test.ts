import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { franchiseSettings, orders } from '../../src/db/schema.js';
import { createInvite, ensureHqStaff } from '../../src/franchise/staff-service.js';
import { recordStatusEvent } from '../../src/fulfillment/status-callback.js';
import { moveOrder } from '../../src/orders/order-lifecycle.js';
import { monthOf, monthPeriod, parseMonth, previousMonth } from '../../src/settlement/period.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { buttonsOf, cartWithBoots, createTestApp, fillCheckoutForm, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

async function order(app: TestApp, userId: string) {
  const buyer = new TestBuyer(app, userId);
  await cartWithBoots(buyer);
  await buyer.press('Оформить заказ');
  await fillCheckoutForm(buyer);
  await buyer.press('Подтвердить заказ');
  const placed = app.db.select().from(orders).all().at(-1)!;
  moveOrder(app.db, { orderId: placed.id, to: 'confirmed', actor: 'staff:telegram:10' });
  moveOrder(app.db, { orderId: placed.id, to: 'sent', actor: 'supplier:http' });
  return placed;
}

const publicId = (id: number) => `S-${String(id).padStart(6, '0')}`;

describe('earnings', () => {
  it('shows a franchisee the month: sales, wholesale, royalty, their margin, buyout rate and cash on its way, and exports CSV', async () => {
    const app = createTestApp();
    app.db.update(franchiseSettings).set({ royaltyPercent: 5, returnFee: 20_000 }).run();
    const owner = new TestBuyer(app, '10');
    await owner.say(`/join ${createInvite(app.db, app.storefront.id)}`);
    const a = await order(app, 'b1');
    const b = await order(app, 'b2');
    const c = await order(app, 'b3');
    recordStatusEvent(app.db, { event_id: 'e1', order_id: publicId(a.id), status: 'delivered', cod_collected: a.total }, 'supplier:http');
    recordStatusEvent(app.db, { event_id: 'e2', order_id: publicId(b.id), status: 'refused', reason: 'не подошло' }, 'supplier:http');
    recordStatusEvent(app.db, { event_id: 'e3', order_id: publicId(c.id), status: 'shipped' }, 'supplier:http');
    const wholesale = app.db.$client.prepare('select sum(wholesale_price * quantity) as w from order_items where order_id = ?').get(a.id) as { w: number };
    const royalty = Math.round(a.total * 0.05);
    const money = (k: number) => `${Math.round(k / 100).toLocaleString('ru-RU').replace(/\s/g, ' ')} ₽`;

    await owner.say('/earnings');
    expect(owner.text).toContain(`Доставлено и оплачено: 1 заказ на ${money(a.total)}`);
    expect(owner.text).toContain(`Закупка у франчайзера: ${money(wholesale.w)}`);
    expect(owner.text).toContain(`Роялти франчайзеру: ${money(royalty)}`);
    expect(owner.text).toContain('Плата за возвраты: 200 ₽');
    expect(owner.text).toContain(`💚 Ваш доход: ${money(a.total - wholesale.w - royalty - 20_000)}`);
    expect(owner.text).toContain('Отказов при получении: 1');
    expect(owner.text).toContain('Выкупили: 50% (оплатили при получении, а не отказались)');
    expect(owner.text).toContain(`🚚 Ещё в пути: 1 заказ — к получению ${money(c.total)}`);
    // From the month before, a button leads back to this one.
    await owner.press(/^📅 /);
    expect(owner.text).toContain('Доставлено и оплачено: 0 заказов');
    await owner.press(/ 📅$/);
    expect(owner.text).toContain(`Доставлено и оплачено: 1 заказ на ${money(a.total)}`);
    expect(buttonsOf(owner.last).some((b) => b.label.endsWith(' 📅'))).toBe(false);

    await owner.press('Выгрузить CSV');
    const file = owner.last[0]!.document!;
    expect(file.filename).toMatch(/^sarafan-default-\d{6}\.csv$/);
    const rows = file.content.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('Дата;Заказ;Итог;Наложенный платёж, ₽;Закупка, ₽;Роялти, ₽;Доход франчайзи, ₽;Плата за возврат, ₽');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(`;${a.number};доставлен;${Math.floor(a.total / 100)},${String(a.total % 100).padStart(2, '0')};`);
    expect(rows[2]).toMatch(new RegExp(`;${b.number};отказ;0,00;0,00;0,00;0,00;200,00$`));
  });

  it('never shows a franchisee another storefront; HQ sees every storefront; a bad period gets examples', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const other = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
    const ownerB = new TestBuyer({ ...app, storefront: other }, '20');
    await ownerB.say(`/join ${createInvite(app.db, other.id)}`);
    const a = await order(app, 'b1');
    recordStatusEvent(app.db, { event_id: 'e1', order_id: publicId(a.id), status: 'delivered', cod_collected: a.total }, 'supplier:http');

    await ownerB.say('/earnings');
    expect(ownerB.text).toContain('Доставлено и оплачено: 0 заказов');
    expect(ownerB.text).toContain('«Казань»');
    const hq = new TestBuyer(app, '1');
    await hq.say('/earnings');
    expect(hq.text).toContain('💰 Сеть за');
    expect(hq.text).toMatch(/«Тестовый магазин»: доставлено 1, /);
    expect(hq.text).toMatch(/«Казань»: доставлено 0, .*выкуп — пока не из чего считать/);
    await hq.say('/earnings csv');
    expect(hq.last[0]!.document!.content).toContain('Магазин;Доставлено;Отказов;Выкуп, %');
    await hq.say('/earnings в прошлом месяце');
    expect(hq.text).toContain('Не понял период. Примеры: /earnings');
    const buyer = new TestBuyer(app, 'b1');
    await buyer.say('/earnings');
    expect(buyer.text).toContain('Не знаю команду');
    expect(app.db.select().from(orders).where(eq(orders.storefrontId, other.id)).all()).toHaveLength(0);
  });

  it('reads months in the storefront time zone', () => {
    expect(parseMonth('2026-10')).toBe(202610);
    expect(parseMonth('10.2026')).toBe(202610);
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(previousMonth(202601)).toBe(202512);
    const { from, to } = monthPeriod(202611, 'Europe/Moscow');
    expect(new Date(from).toISOString()).toBe('2026-10-31T21:00:00.000Z');
    expect(new Date(to).toISOString()).toBe('2026-11-30T21:00:00.000Z');
    // 23:30 UTC on 30 November is already December in Moscow.
    expect(monthOf(Date.UTC(2026, 10, 30, 23, 30), 'Europe/Moscow')).toBe(202612);
  });
});

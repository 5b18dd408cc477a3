import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { orderItems, orders, outbox, storefronts } from '../../src/db/schema.js';
import type { Notification } from '../../src/outbox/notifier.js';
import { ensureHqStaff } from '../../src/franchise/staff-service.js';
import type { FulfillmentProvider, HandoffOrder, SubmitResult } from '../../src/fulfillment/provider.js';
import { recordStatusEvent } from '../../src/fulfillment/status-callback.js';
import { formatMoney } from '../../src/shared/money.js';
import { buttonsOf, cartWithBoots, createTestApp, orderBoots, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

/** A warehouse that answers each hand-off with the next scripted answer (then accepts). */
function scriptedWarehouse(answers: SubmitResult[] = []) {
  const handoffs: HandoffOrder[] = [];
  const provider: FulfillmentProvider = {
    code: 'http',
    async submit(handoff) {
      handoffs.push(handoff);
      return answers.shift() ?? { outcome: 'accepted', supplierOrderId: `W-${handoffs.length}`, status: 'accepted' };
    },
    async cancel() {
      return { outcome: 'cancelled' };
    },
  };
  return { provider, handoffs };
}

const toBuyer = (app: TestApp, chatId = 'u1') => app.sent!.filter((n) => n.target.chatId === chatId);
const event = (order: { id: number }, status: string, extra: Record<string, unknown> = {}) =>
  ({ event_id: `e-${status}-${Math.random()}`, order_id: `S-${String(order.id).padStart(6, '0')}`, status, ...extra }) as Parameters<typeof recordStatusEvent>[1];

describe('the buyer always knows where the order is', () => {
  it('stages close together arrive as one message; shipping brings the carrier and tracking number', async () => {
    let offset = 0;
    const warehouse = scriptedWarehouse();
    const app = createTestApp({ provider: warehouse.provider, coalesceMs: 120_000, now: () => Date.now() + offset });
    const buyer = new TestBuyer(app);
    const order = await orderBoots(app, buyer);
    expect(buyer.text).toContain(`Заказ № ${order.number} оформлен и подтверждён`);
    expect(warehouse.handoffs.map((h) => h.handoffKey)).toEqual([`S-${String(order.id).padStart(6, '0')}`]);
    expect(app.db.select().from(orders).get()!.status).toBe('accepted');
    // Accepted within the window: nothing yet, then the message. Confirmation at checkout was said on
    // the spot, so no message repeats it.
    expect(toBuyer(app)).toHaveLength(0);
    offset = 121_000;
    await app.flush!();
    expect(toBuyer(app).map((n) => n.replies[0]!.text)).toEqual([`📦 Заказ № ${order.number}\n🏬 Склад принял заказ и собирает его.`]);

    recordStatusEvent(app.db, event(order, 'packed'), 'supplier:http');
    recordStatusEvent(app.db, event(order, 'shipped', { carrier: 'СДЭК', tracking_number: '1234567890' }), 'supplier:http');
    offset += 121_000;
    await app.flush!();
    const shipped = toBuyer(app)[1]!.replies[0]!;
    expect(shipped.text).toBe(
      [
        `📦 Заказ № ${order.number}`,
        '📦 Заказ упакован и скоро поедет к вам.',
        '🚚 Заказ передан в доставку.',
        'Служба доставки: СДЭК',
        'Трек-номер: 1234567890',
        `💵 Оплата при получении: ${formatMoney(order.total, 'ru')}. Можно примерить и отказаться.`,
      ].join('\n'),
    );
    buyer.last = [shipped];
    await buyer.press('Открыть заказ');
    expect(buyer.text).toContain('🚚 в пути');

    recordStatusEvent(app.db, event(order, 'delivered', { cod_collected: order.total }), 'supplier:http');
    offset += 121_000;
    await app.flush!();
    expect(toBuyer(app)[2]!.replies[0]!.text).toContain('Заказ получен — спасибо за покупку!');
  });

  it('in English for an English-speaking buyer', async () => {
    const app = createTestApp({ provider: scriptedWarehouse().provider });
    const buyer = new TestBuyer(app, 'u2', 'en');
    app.db.update(storefronts).set({ autoConfirm: true }).run();
    await cartWithBoots(buyer);
    await buyer.press('Place order');
    await buyer.say('Anna Smith');
    await buyer.say('+79161234567');
    await buyer.say('Moscow');
    await buyer.say('Tverskaya 7');
    await buyer.press('Skip');
    await buyer.press('Confirm');
    const order = app.db.select().from(orders).get()!;
    recordStatusEvent(app.db, event(order, 'refused', { reason: 'size' }), 'supplier:http');
    await app.flush!();
    const texts = toBuyer(app, 'u2').map((n) => n.replies[0]!.text);
    expect(texts[0]).toContain('🏬 The warehouse has your order and is picking it.');
    expect(texts.at(-1)).toContain("↩️ You refused the order on delivery — there's nothing to pay.");
  });
});

describe('when the warehouse cannot fill an order', () => {
  async function outOfStock() {
    const warehouse = scriptedWarehouse([{ outcome: 'out-of-stock', offerIds: ['SHOE-CHELSEA-01-39'] }]);
    const app = createTestApp({ provider: warehouse.provider });
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    await new TestBuyer(app, '1').say('/admin');
    const buyer = new TestBuyer(app);
    const order = await orderBoots(app, buyer);
    return { app, buyer, order, warehouse };
  }

  it('offers the buyer other sizes, similar products or cancelling in one message, and tells the staff', async () => {
    const { app, buyer, order, warehouse } = await outOfStock();
    expect(app.db.select().from(orders).get()!.status).toBe('needs_attention');
    const offers = toBuyer(app).at(-1)!.replies[0]!;
    expect(offers.text).toContain('⚠️ На складе закончилось: Ботинки челси замшевые, размер 39.');
    const labels = offers.buttons!.flat().map((b) => b.label);
    expect(labels).toContain('Размер 40');
    expect(labels).not.toContain('Размер 39');
    expect(labels.at(-1)).toBe('✖️ Отменить заказ');
    expect(labels.length).toBeGreaterThan(3);
    const staff = app.sent!.find((n) => n.target.chatId === '1' && n.replies[0]!.text.includes('на складе нет'))!;
    expect(staff.replies[0]!.text).toContain(`Заказ № ${order.number} (Анна Смирнова, +7 916 123 45 67): на складе нет — Ботинки челси замшевые, 39.`);

    buyer.last = [offers];
    await buyer.press('Размер 40');
    expect(buyer.text).toContain('✅ Заменили на размер 40 и снова передали заказ на склад.');
    expect(app.db.select().from(orderItems).get()!.size).toBe('40');
    // The second hand-off is a new warehouse order with its own key; the first one was refused.
    expect(warehouse.handoffs.map((h) => h.handoffKey)).toEqual([`S-${String(order.id).padStart(6, '0')}`, `S-${String(order.id).padStart(6, '0')}-2`]);
    expect(app.db.select().from(orders).get()!.status).toBe('accepted');
    // A second tap on the old offer changes nothing.
    buyer.last = [offers];
    await buyer.press('Размер 41');
    expect(buyer.text).toContain('Заказ уже не ждёт замены');
  });

  it('cancels with one tap and tells the staff; the buyer gets no echo of their own tap', async () => {
    const { app, buyer, order } = await outOfStock();
    const before = toBuyer(app).length;
    buyer.last = [toBuyer(app).at(-1)!.replies[0]!];
    await buyer.press('Отменить заказ');
    expect(buyer.text).toContain('✖️ Заказ отменён. Продавец получил сообщение.');
    expect(app.db.select().from(orders).get()!.status).toBe('cancelled');
    expect(toBuyer(app)).toHaveLength(before);
    expect(app.sent!.some((n: Notification) => n.target.chatId === '1' && n.replies[0]!.text.includes(`Покупатель сам отменил заказ № ${order.number}`))).toBe(true);
    // The warehouse never took it, so nothing to cancel there: the cancel row closes without a call.
    expect(app.db.select().from(outbox).where(eq(outbox.kind, 'cancel')).get()?.status).toBe('done');
  });

  it('the buyer\'s order card offers the same choices; the histories read in words; the staff hear of the swap', async () => {
    const { app, buyer, order } = await outOfStock();
    await buyer.say('/orders');
    await buyer.press(`№ ${order.number}`);
    expect(buyer.text).toContain('Статус: ⚠️ нужен ваш выбор: товара нет на складе');
    expect(buyer.text).toContain('⚠️ На складе закончилось: Ботинки челси замшевые, размер 39.');
    expect(buyer.text).toContain('— ⚠️ нужен ваш выбор: товара нет на складе — нет на складе: Ботинки челси замшевые, 39');
    await buyer.press('Размер 40');
    expect(buyer.text).toContain('замена размера: 39 → 40');
    // Internal codes never reach a person.
    expect(buyer.text).not.toMatch(/out_of_stock|swap:|skipped/);
    const staffTexts = app.sent!.filter((n) => n.target.chatId === '1').map((n) => n.replies[0]!.text);
    expect(staffTexts).toContain(`🔁 Заказ № ${order.number}: покупатель выбрал замену (замена размера: 39 → 40), заказ снова ушёл на склад.`);
    const staff = new TestBuyer(app, '1');
    await staff.say(`/order ${order.number}`);
    // The size is replaced by now: the missing one is named by its article number.
    expect(staff.text).toContain('— ⚠️ нужна помощь: склад не может выполнить — нет на складе: арт. SHOE-CHELSEA-01-39');
    expect(staff.text).not.toMatch(/out_of_stock|swap:/);
  });

  it('when the warehouse was wrong, the staff send the order again as it is', async () => {
    const { app, order, warehouse } = await outOfStock();
    const staff = new TestBuyer(app, '1');
    await staff.say(`/order ${order.number}`);
    await staff.press('Отправить на склад ещё раз');
    expect(staff.text).toContain('🔁 Заказ снова в очереди на склад.');
    expect(staff.text).toContain('снова передан на склад');
    expect(warehouse.handoffs.map((h) => h.handoffKey)).toEqual([`S-${String(order.id).padStart(6, '0')}`, `S-${String(order.id).padStart(6, '0')}-2`]);
    expect(app.db.select().from(orders).get()!.status).toBe('accepted');
  });
});

describe('cancelling', () => {
  it('the buyer may cancel while the warehouse has the order but has not started; after that they are told whom to ask', async () => {
    const answers: SubmitResult[] = [{ outcome: 'accepted', supplierOrderId: 'W-1' }, { outcome: 'accepted', supplierOrderId: 'W-2', status: 'accepted' }];
    const warehouse = scriptedWarehouse(answers);
    const app = createTestApp({ provider: warehouse.provider });
    const buyer = new TestBuyer(app);
    const sent = await orderBoots(app, buyer);
    expect(sent.status).toBe('sent');
    await buyer.say('/orders');
    await buyer.press(`№ ${sent.number}`);
    await buyer.press('Отменить заказ');
    await buyer.press('Да, отменить');
    expect(buyer.text).toContain('✖️ Заказ отменён. Продавец получил сообщение.');
    expect(app.db.select().from(outbox).where(eq(outbox.kind, 'cancel')).get()?.status).toBe('done');

    const accepted = await orderBoots(app, new TestBuyer(app, 'u2'), '40');
    expect(accepted.status).toBe('accepted');
    const other = new TestBuyer(app, 'u2');
    await other.say('/orders');
    await other.press(`№ ${accepted.number}`);
    expect(buttonsOf(other.last).map((b) => b.label)).not.toContain('✖️ Отменить заказ');
  });
});

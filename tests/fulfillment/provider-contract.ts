import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerEntries, orderHistory, orders } from '../../src/db/schema.js';
import { publicOrderId } from '../../src/fulfillment/provider.js';
import { formatMoney } from '../../src/shared/money.js';
import type { FakeUser } from '../helpers/fake-telegram.js';
import { buyBoots, startShopHarness, until, type ShopHarness } from '../helpers/shop-harness.js';
import { anna } from '../helpers/telegram-harness.js';

/** An order as the warehouse understood it, whichever way it arrived. */
export interface ReceivedOrder {
  id: string;
  offerIds: string[];
  recipient: string;
  /** Cash to collect, kopecks. */
  cod: number;
}

/** The warehouse's side of a stage report. */
export type ReportedStage = 'accepted' | 'packed' | 'shipped' | 'delivered' | 'refused' | 'out_of_stock';

/** One warehouse behind one provider, driven the way its people or its system would. */
export interface ContractWarehouse {
  /** Environment that selects and points the shop at this warehouse. */
  env: Record<string, string>;
  /** Called once the shop runs (e.g. the warehouse group is created). */
  attach(shop: ShopHarness): Promise<void>;
  /** The orders the warehouse has been asked to fill, one per order. */
  received(): ReceivedOrder[];
  /** Reports a stage of an order as the warehouse does (a callback, a button). */
  report(orderId: string, stage: ReportedStage, details?: { carrier?: string; tracking?: string; cod?: number }): Promise<void>;
  /** The same report twice: a retried callback, a double tap by two people. */
  reportTwice(orderId: string, stage: ReportedStage): Promise<void>;
  /** Whether the warehouse has been told the order is cancelled. */
  toldCancelled(orderId: string): boolean;
  close(): Promise<void>;
}

/** A way to build a fresh warehouse for each test. */
export interface ProviderDriver {
  name: string;
  create(): Promise<ContractWarehouse>;
}

const staffUser: FakeUser = { id: 9001, first_name: 'Ольга', language_code: 'ru' };

/** The lines of the buyer's order status messages, in the order they came (coalesced or not). */
function buyerStageLines(shop: ShopHarness, buyer: FakeUser = anna): string[] {
  return shop.tg
    .chat(buyer.id)
    .map((m) => m.text ?? '')
    .filter((t) => t.startsWith('📦 Заказ №'))
    .flatMap((t) => t.split('\n').slice(1));
}

/**
 * The behaviour every fulfillment provider owes the shop, run against each (Bot Framework style):
 * a buyer's order in Telegram reaches the warehouse once; the warehouse's reports move it to the
 * end; the buyer hears every stage; the ledger is right; repeats are harmless; out-of-stock,
 * refusals and cancellations end where they should.
 */
export function describeProviderContract(driver: ProviderDriver): void {
  describe(`fulfillment provider contract: ${driver.name}`, () => {
    let shop: ShopHarness | undefined;
    let warehouse: ContractWarehouse | undefined;
    afterEach(async () => {
      await shop?.close();
      await warehouse?.close();
      shop = undefined;
      warehouse = undefined;
    });

    async function open(env: Record<string, string> = {}) {
      warehouse = await driver.create();
      shop = await startShopHarness({ AUTO_CONFIRM_ORDERS: 'true', HQ_ADMINS: `telegram:${staffUser.id}`, ...warehouse.env, ...env });
      await warehouse.attach(shop);
      return { shop, warehouse };
    }

    async function orderAndHandOff(s: ShopHarness, w: ContractWarehouse) {
      const order = await buyBoots(s);
      await until(() => w.received().length > 0, 'the warehouse to get the order');
      await s.tg.settle();
      return { order, id: publicOrderId(order.id) };
    }

    it('end to end: a Telegram order reaches the warehouse once, ends delivered, the buyer hears every stage, the ledger splits the cash', async () => {
      const { shop: s, warehouse: w } = await open({ ROYALTY_PERCENT: '10' });
      const { order, id } = await orderAndHandOff(s, w);
      expect(s.tg.chat(anna.id).some((m) => (m.text ?? '').includes(`Заказ № ${order.number} оформлен и подтверждён`))).toBe(true);
      expect(w.received()).toEqual([{ id, offerIds: ['SHOE-CHELSEA-01-39'], recipient: 'Анна Смирнова', cod: order.total }]);

      await w.report(id, 'accepted');
      await w.report(id, 'packed');
      await w.report(id, 'shipped', { carrier: 'СДЭК', tracking: '1234567890' });
      await w.report(id, 'delivered', { cod: order.total });
      await until(() => buyerStageLines(s).some((l) => l.includes('спасибо за покупку')), 'the thanks');

      expect(s.db.select().from(orders).get()).toMatchObject({ status: 'delivered', carrier: 'СДЭК', trackingNumber: '1234567890', codCollected: order.total });
      expect(w.received()).toHaveLength(1);
      // Confirmed at checkout: the buyer read that on the spot, so the messages start at the warehouse.
      expect(buyerStageLines(s)).toEqual([
        '🏬 Склад принял заказ и собирает его.',
        '📦 Заказ упакован и скоро поедет к вам.',
        '🚚 Заказ передан в доставку.',
        'Служба доставки: СДЭК',
        'Трек-номер: 1234567890',
        `💵 Оплата при получении: ${formatMoney(order.total, 'ru')}. Можно примерить и отказаться.`,
        '🎉 Заказ получен — спасибо за покупку! Будем рады видеть вас снова.',
      ]);
      const wholesale = s.db.$client.prepare("select wholesale_price as w from variants where offer_id = 'SHOE-CHELSEA-01-39'").get() as { w: number };
      const ledger = Object.fromEntries(s.db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.id)).all().map((e) => [e.kind, e.amount]));
      const royalty = Math.round(order.total * 0.1);
      expect(ledger).toEqual({ cod: order.total, wholesale: wholesale.w, royalty, margin: order.total - wholesale.w - royalty });
    });

    it('the same report twice moves the order once', async () => {
      const { shop: s, warehouse: w } = await open();
      const { order, id } = await orderAndHandOff(s, w);
      await w.report(id, 'accepted');
      await w.reportTwice(id, 'packed');
      await s.tg.settle();
      const packed = s.db.select().from(orderHistory).where(eq(orderHistory.orderId, order.id)).all().filter((h) => h.toStatus === 'packed');
      expect(packed).toHaveLength(1);
      expect(buyerStageLines(s).filter((l) => l.startsWith('📦 Заказ упакован'))).toHaveLength(1);
    });

    it('out of stock: the order needs attention and the buyer is offered other sizes in one message', async () => {
      const { shop: s, warehouse: w } = await open();
      const { id } = await orderAndHandOff(s, w);
      await w.report(id, 'out_of_stock');
      await until(() => s.db.select().from(orders).get()!.status === 'needs_attention', 'needs_attention');
      await until(() => (s.tg.lastMessage(anna.id)?.text ?? '').includes('На складе закончилось'), 'the offer to the buyer');
      const labels = (s.tg.lastMessage(anna.id)!.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard.flat().map((b) => b.text);
      expect(labels).toContain('Размер 40');
      expect(labels).toContain('✖️ Отменить заказ');
    });

    it('refused on delivery: nothing earned, the return fee charged, the buyer told there is nothing to pay', async () => {
      const { shop: s, warehouse: w } = await open({ RETURN_FEE_RUB: '150' });
      const { order, id } = await orderAndHandOff(s, w);
      await w.report(id, 'accepted');
      await w.report(id, 'packed');
      await w.report(id, 'shipped', { carrier: 'Почта России', tracking: '80081234567890' });
      await w.report(id, 'refused');
      await until(() => buyerStageLines(s).some((l) => l.startsWith('↩️ Вы отказались')), 'the refusal message');
      const ledger = s.db.select().from(ledgerEntries).where(eq(ledgerEntries.orderId, order.id)).all();
      expect(ledger.map((e) => [e.kind, e.amount])).toEqual([['return_fee', 15000]]);
    });

    it('cancelled by the seller before shipping: the warehouse is told', async () => {
      const { shop: s, warehouse: w } = await open();
      s.tg.sendText(staffUser, '/admin');
      await s.tg.settle();
      const { order, id } = await orderAndHandOff(s, w);
      await until(() => s.tg.chat(staffUser.id).some((m) => (m.text ?? '').includes(`Новый заказ № ${order.number}`)), 'the staff notice');
      const notice = s.tg.chat(staffUser.id).find((m) => (m.text ?? '').includes(`Новый заказ № ${order.number}`))!;
      s.tg.pressButton(staffUser, notice.message_id, '📦 Открыть заказ');
      await s.tg.settle();
      s.tg.pressLatest(staffUser, '✖️ Отменить');
      await s.tg.settle();
      s.tg.pressLatest(staffUser, 'Покупатель передумал');
      await s.tg.settle();
      expect(s.db.select().from(orders).get()!.status).toBe('cancelled');
      await until(() => w.toldCancelled(id), 'the warehouse to hear of the cancellation');
    });
  });
}

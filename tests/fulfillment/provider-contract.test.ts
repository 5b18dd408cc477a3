import { expect } from 'vitest';
import type { FakeUser, SentMessage } from '../helpers/fake-telegram.js';
import { startFakeWarehouse, type StatusCallback } from '../helpers/fake-warehouse.js';
import type { ShopHarness } from '../helpers/shop-harness.js';
import { describeProviderContract, type ContractWarehouse, type ReceivedOrder, type ReportedStage } from './provider-contract.js';

describeProviderContract({
  name: 'http (signed API and status callbacks)',
  async create(): Promise<ContractWarehouse> {
    const api = await startFakeWarehouse();
    /** A signed callback to the order's own callback_url, with the fields its status carries. */
    async function send(orderId: string, stage: ReportedStage, details: { carrier?: string; tracking?: string; cod?: number } = {}): Promise<StatusCallback> {
      const order = api.orders.find((o) => o.idempotencyKey === orderId)!;
      const fields: Partial<Record<ReportedStage, Record<string, unknown>>> = {
        shipped: { carrier: details.carrier ?? null, tracking_number: details.tracking ?? null },
        delivered: { cod_collected: details.cod ?? null },
        refused: { reason: 'не подошёл размер' },
        out_of_stock: { offer_ids: (order.body['items'] as Array<{ offer_id: string }>).map((i) => i.offer_id) },
      };
      const answer = await api.report(orderId, stage, fields[stage]);
      expect(answer.status).toBe(200);
      return answer.event;
    }
    return {
      env: { FULFILLMENT_PROVIDER: 'http', SUPPLIER_API_URL: api.url, SUPPLIER_API_SECRET: api.secret },
      attach: async () => {},
      received: () =>
        api.orders.map((o) => ({
          id: o.idempotencyKey,
          offerIds: (o.body['items'] as Array<{ offer_id: string }>).map((i) => i.offer_id),
          recipient: (o.body['recipient'] as { name: string }).name,
          cod: o.body['cod_amount'] as number,
        })),
      async report(orderId, stage, details = {}) {
        await send(orderId, stage, details);
      },
      async reportTwice(orderId, stage) {
        const event = await send(orderId, stage);
        const url = String(api.orders.find((o) => o.idempotencyKey === orderId)!.body['callback_url']);
        expect((await api.sendStatus(url, event)).status).toBe(200);
      },
      toldCancelled: (orderId) => api.orders.find((o) => o.idempotencyKey === orderId)?.state === 'cancelled',
      close: () => api.close(),
    };
  },
});
const warehouseChat = -1001234567890;
const picker: FakeUser = { id: 7001, first_name: 'Пётр', language_code: 'ru' };
const packer: FakeUser = { id: 7003, first_name: 'Ира', language_code: 'ru' };
const labels = {
  accepted: '🏬 Принят в сборку',
  packed: '📦 Упакован',
  shipped: '🚚 Отправлен',
  delivered: '💵 Доставлен и оплачен',
  refused: '↩️ Отказ при получении',
  out_of_stock: '⚠️ Нет в наличии',
} as const;

/** Reads a warehouse card the way a person would: id, article numbers, recipient, cash to collect. */
function readCard(text: string): ReceivedOrder {
  const cod = /Наложенный платёж: ([\d\s\u00a0\u202f]+)(?:,(\d{2}))?/.exec(text)!;
  return {
    id: /Заказ (S-\d+)/.exec(text)![1]!,
    offerIds: [...text.matchAll(/\(арт\. ([^)]+)\)/g)].map((m) => m[1]!),
    recipient: /👤 ([^,]+),/.exec(text)![1]!,
    cod: Number(cod[1]!.replace(/\D/g, '')) * 100 + Number(cod[2] ?? 0),
  };
}

describeProviderContract({
  name: 'warehouse-chat (a Telegram group with buttons)',
  async create(): Promise<ContractWarehouse> {
    let shop: ShopHarness | undefined;
    const cards = (): SentMessage[] => shop!.tg.chat(warehouseChat).filter((m) => /^(?:.*\n)?📦 Заказ S-/.test(m.text ?? ''));
    async function press(orderId: string, stage: ReportedStage, details: { carrier?: string; tracking?: string } = {}, twice = false) {
      const { tg } = shop!;
      const card = cards().filter((m) => m.text!.includes(`Заказ ${orderId}`)).at(-1)!;
      const button = ((card.reply_markup?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data: string }>>).flat().find((b) => b.text === labels[stage]);
      expect(button, `${labels[stage]} on the card`).toBeDefined();
      // Twice: two people tap the same button before the card changes.
      for (const person of twice ? [picker, packer] : [picker]) tg.pressButton(person, card.message_id, button!.callback_data, warehouseChat);
      await tg.settle();
      // Stages that cannot be taken back are asked twice.
      if (stage === 'delivered' || stage === 'refused' || stage === 'out_of_stock') {
        tg.pressLatestIn(warehouseChat, picker, '✅ Да, отметить');
        await tg.settle();
      }
      if (stage === 'shipped') {
        tg.sendGroupText(warehouseChat, picker, `${details.carrier} ${details.tracking}`, tg.lastMessage(warehouseChat)!.message_id);
        await tg.settle();
      }
    }
    return {
      env: { WAREHOUSE_CHAT_ID: `telegram:${warehouseChat}` },
      async attach(s) {
        shop = s;
        s.tg.group(warehouseChat, 'Склад');
      },
      received: () => cards().map((m) => readCard(m.text!)),
      report: (orderId, stage, details) => press(orderId, stage, details),
      reportTwice: (orderId, stage) => press(orderId, stage, {}, true),
      toldCancelled: (orderId) => shop!.tg.chat(warehouseChat).some((m) => (m.text ?? '').startsWith(`❌ Заказ ${orderId} (Анна Смирнова, Вологда) отменён — не собирайте`)),
      close: async () => {},
    };
  },
});

import type { CancelResult, FulfillmentProvider, HandoffOrder, SubmitResult } from '../provider.js';

/** Queues a card for the warehouse's chat (or, without one, for each of the franchisor's staff); throws when it cannot. */
export type WarehousePost = (message: { kind: 'order'; handoff: HandoffOrder } | { kind: 'cancel'; handoff: HandoffOrder }) => Promise<void>;

/**
 * The `warehouse-chat` provider, the default that needs no IT: each confirmed order is posted to
 * the warehouse staff's chat with buttons for its stages; their taps come back as status events.
 * The cards are outbox rows of their own (one per chat), keyed by the hand-off: a hand-off tried
 * again after a crash queues no second card, and the outbox delivers and retries each chat's card.
 */
export function createWarehouseChatProvider(post: WarehousePost): FulfillmentProvider {
  return {
    code: 'warehouse-chat',
    async submit(handoff): Promise<SubmitResult> {
      try {
        await post({ kind: 'order', handoff });
      } catch (error) {
        return { outcome: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
      return { outcome: 'accepted', status: 'sent' };
    },
    async cancel(handoff): Promise<CancelResult> {
      try {
        await post({ kind: 'cancel', handoff });
      } catch (error) {
        return { outcome: 'retry', error: error instanceof Error ? error.message : String(error) };
      }
      return { outcome: 'cancelled' };
    },
  };
}

import type { CancelResult, FulfillmentProvider, HandoffOrder, SubmitResult } from '../provider.js';

/** Posts to the warehouse's chat (or, without one, to the franchisor's staff); throws when it cannot. */
export type WarehousePost = (message: { kind: 'order'; handoff: HandoffOrder } | { kind: 'cancel'; handoff: HandoffOrder }) => Promise<void>;

/**
 * The `warehouse-chat` provider, the default that needs no IT: each confirmed order is posted to
 * the warehouse staff's chat with buttons for its stages; their taps come back as status events.
 * A post that fails is retried by the outbox; a post that succeeded but was not recorded (a crash
 * in between) is posted again, and its buttons act on the same order, so nothing is done twice.
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

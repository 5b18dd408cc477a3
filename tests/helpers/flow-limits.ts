import type { DeliveryLimits } from '../../src/delivery/delivery-queue.js';

/**
 * Limits for tests of conversation flows, where a scripted buyer answers faster than a person
 * can: the flow is under test, not the pacing (tests/delivery and the adapters' rate tests keep
 * the real limits).
 */
export const flowTestLimits: DeliveryLimits = {
  perSecond: 1000,
  chat: () => ({ burst: 1000, perMinute: 600_000 }),
};

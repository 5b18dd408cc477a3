import { eq } from 'drizzle-orm';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { franchiseSettings, storefronts } from '../db/schema.js';
import type { I18n } from '../shared/i18n.js';
import { createFulfillmentHandlers } from '../fulfillment/handoff.js';
import type { FulfillmentProvider } from '../fulfillment/provider.js';
import { createFulfillmentProvider } from '../fulfillment/registry.js';
import { statusCallbackRoute } from '../http/status-callback-route.js';
import type { Route } from '../http/http-server.js';
import { noticeStaleOrders } from '../orders/stale-orders.js';
import type { Notifier } from '../outbox/notifier.js';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outbox-worker.js';
import type { Logger } from '../shared/logger.js';
import { createMessageGates, createMessageHandlers } from './message-handlers.js';

/** What the fulfillment runtime needs from `main.ts`. */
export interface FulfillmentRuntimeDeps {
  config: Config;
  db: Db;
  i18n: I18n;
  logger: Logger;
  notify: Notifier;
  hqStorefrontId: number;
}

/** The running fulfillment: the provider, the outbox worker, the warehouse's callback route. */
export interface FulfillmentRuntime {
  provider: FulfillmentProvider;
  outbox: OutboxWorker;
  /** `POST /fulfillment/webhook` for the `http` provider. */
  routes: Route[];
  /** Starts delivering the outbox and looking for stuck orders (whose staff notices it writes to the outbox). */
  start(): void;
  stop(): Promise<void>;
}

/** Writes the franchise terms given in the environment, which win over what is stored. */
function applyFranchiseTerms(db: Db, config: Config, hqStorefrontId: number): void {
  const terms: Partial<typeof franchiseSettings.$inferInsert> = {};
  if (config.royaltyPercent !== undefined) terms.royaltyPercent = config.royaltyPercent;
  if (config.returnFeeKopecks !== undefined) terms.returnFee = config.returnFeeKopecks;
  if (Object.keys(terms).length > 0) db.update(franchiseSettings).set(terms).where(eq(franchiseSettings.id, 1)).run();
  if (config.autoConfirmOrders) db.update(storefronts).set({ autoConfirm: true }).where(eq(storefronts.id, hqStorefrontId)).run();
}

/** Builds the configured provider and the outbox worker that feeds it. */
export function createFulfillmentRuntime(deps: FulfillmentRuntimeDeps): FulfillmentRuntime {
  const { config, db, logger } = deps;
  applyFranchiseTerms(db, config, deps.hqStorefrontId);
  const provider = createFulfillmentProvider(config.fulfillment, deps);
  const outbox = createOutboxWorker({
    db,
    logger,
    handlers: { ...createFulfillmentHandlers(db, provider), ...createMessageHandlers({ db, i18n: deps.i18n, notify: deps.notify }) },
    gates: createMessageGates(db, config.statusCoalesceMinutes * 60_000, config.buyerQuietHours),
  });
  const routes: Route[] =
    config.fulfillment.provider === 'http'
      ? [statusCallbackRoute({ db, secret: config.fulfillment.secret, logger, onRecorded: () => outbox.kick() })]
      : [];
  let staleTimer: NodeJS.Timeout | undefined;
  return {
    provider,
    outbox,
    routes,
    start() {
      outbox.start();
      const check = () => {
        if (noticeStaleOrders(db, config.staleOrderHours) > 0) outbox.kick();
      };
      staleTimer = setInterval(check, 10 * 60_000);
      staleTimer.unref();
      check();
      logger.info({ provider: provider.code }, 'fulfillment started');
    },
    async stop() {
      if (staleTimer) clearInterval(staleTimer);
      await outbox.stop();
    },
  };
}

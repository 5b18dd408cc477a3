import { pino } from 'pino';
import { createMaxAdapter, type MaxAdapter } from '../../src/adapters/max/max-adapter.js';
import type { TestApp } from './engine-harness.js';
import type { FakeMax } from './fake-max.js';
import { flowTestLimits } from './flow-limits.js';

/**
 * The MAX adapter (the real `@maxhub/max-bot-api` client) of a test storefront against a fake MAX
 * Bot API, with relaxed limits; product pictures are tiny local bytes (no internet in tests), each
 * download listed in `downloads`.
 */
export function createTestMaxAdapter(app: TestApp, max: FakeMax, downloads: string[] = []): MaxAdapter {
  const adapter = createMaxAdapter({
    token: max.token,
    apiBaseUrl: max.apiBaseUrl,
    storefrontId: app.storefront.id,
    engine: app.engine,
    i18n: app.i18n,
    logger: pino({ level: 'silent' }),
    deliveryLimits: flowTestLimits,
    downloadPicture: async (url) => {
      downloads.push(url);
      return Buffer.from(`\xff\xd8\xff picture ${url}`);
    },
  });
  max.alsoWaitFor(() => adapter.pending() > 0);
  return adapter;
}

import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { flowTestLimits } from './flow-limits.js';
import { createVkAdapter, type VkAdapter } from '../../src/adapters/vk/vk-adapter.js';
import { products } from '../../src/db/schema.js';
import { createMediaCache } from '../../src/media/media-cache.js';
import { createPictureDownloader, type PictureDownloader } from '../../src/media/picture-download.js';
import { createTestApp, type TestApp } from './engine-harness.js';
import { startFakeVk, type FakeVk, type VkUser } from './fake-vk.js';

/** The VK adapter (real vk-io) of a test storefront, polling a fake VK API on 127.0.0.1. */
export interface VkHarness {
  app: TestApp;
  vk: FakeVk;
  adapter: VkAdapter;
  close(): Promise<void>;
}

/** Downloads pictures from the fake servers on 127.0.0.1, which the default (public hosts only) downloader refuses. */
export const localPictureDownloads = createPictureDownloader({ allowPrivateHosts: true });

/** Points every product picture at the fake server: tests never reach the internet. */
export function localPictures(app: Pick<TestApp, 'db'>, vk: FakeVk): void {
  for (const p of app.db.select({ id: products.id, sku: products.sku }).from(products).all()) {
    app.db.update(products).set({ pictures: [vk.pictureUrl(p.sku)] }).where(eq(products.id, p.id)).run();
  }
}

export async function startVkHarness(opts: { app?: TestApp; poll?: boolean; downloadPicture?: PictureDownloader } = {}): Promise<VkHarness> {
  const app = opts.app ?? createTestApp();
  const vk = await startFakeVk();
  localPictures(app, vk);
  const adapter = createVkAdapter({
    token: vk.token,
    groupId: vk.groupId,
    apiBaseUrl: vk.apiBaseUrl,
    storefrontId: app.storefront.id,
    engine: app.engine,
    media: createMediaCache(app.db),
    downloadPicture: opts.downloadPicture ?? localPictureDownloads,
    logger: pino({ level: 'silent' }),
    pollWaitSeconds: 5,
    retryDelayMs: 50,
    deliveryLimits: flowTestLimits,
  });
  vk.alsoWaitFor(() => adapter.pending() > 0);
  if (opts.poll !== false) await adapter.startPolling();
  return {
    app,
    vk,
    adapter,
    async close() {
      await adapter.stop();
      await vk.close();
    },
  };
}

/** A Russian-speaking VK buyer. */
export const olga: VkUser = { id: 3001, first_name: 'Ольга', last_name: 'Петрова', lang_id: 0 };
/** An English-speaking VK buyer. */
export const mike: VkUser = { id: 3002, first_name: 'Mike', last_name: 'Brown', lang_id: 3 };

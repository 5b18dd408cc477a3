import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { openDemoShopFile } from '../helpers/demo-shop-file.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const tsxCli = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const searchRunner = new URL('../../src/catalog/search-runner.ts', import.meta.url).href;

describe('worker threads', () => {
  it('start when the shop is launched from another directory than its own', async () => {
    const { db, path, storefront } = openDemoShopFile(cleanups);
    const request = createCatalogService(db).searchRequest(storefront.id, 'челси', 0, 5);
    // A service manager may start the shop with any working directory; tsx must still be found for the worker.
    const script = `
      const { createSearchWorker } = await import(${JSON.stringify(searchRunner)});
      const warnings = [];
      const runner = createSearchWorker({ path: ${JSON.stringify(path)}, logger: { warn: (_o, m) => warnings.push(m) } });
      const hits = await runner.find(${JSON.stringify(request)}).catch((e) => ({ failed: e.message, warnings }));
      await runner.close();
      console.log(JSON.stringify(hits));`;
    const { stdout } = await promisify(execFile)(process.execPath, [tsxCli, '--input-type=module', '--eval', script], { cwd: tmpdir() });
    const hits = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ids?: number[]; failed?: string };
    expect(hits.failed).toBeUndefined();
    expect(hits.ids!.length).toBeGreaterThan(0);
  });
});

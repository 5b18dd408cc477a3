import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { products } from '../../src/db/schema.js';
import { ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createTestApp, TestBuyer, type TestApp } from '../helpers/engine-harness.js';

// A feed on this machine: what a staff member must not make the shop fetch from its own network.
let server: Server;
let port: number;
let requests = 0;
beforeAll(async () => {
  const feed = readFileSync(new URL('../fixtures/feeds/sizes-as-offers.xml', import.meta.url));
  server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/xml' }).end(feed);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function importReport(app: TestApp, hq: TestBuyer, url: string): Promise<string> {
  const sentBefore = app.sent!.length;
  await hq.say(`/import ${url}`);
  // The report is an outbox row written when the import is over: deliver until it has gone.
  for (let i = 0; i < 200 && app.sent!.length === sentBefore; i++) {
    await new Promise((r) => setTimeout(r, 10));
    await app.flush!();
  }
  return app.sent!.slice(sentBefore).flatMap((n) => n.replies.map((r) => r.text)).join('\n');
}

describe('HQ /import <url> in chat', () => {
  it('refuses the shop’s own network in any notation, says why, and changes nothing', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const hq = new TestBuyer(app, '1');
    const before = app.db.select().from(products).all().length;
    for (const url of [`http://127.0.0.1:${port}/feed.xml`, `http://2130706433:${port}/feed.xml`, `http://[::ffff:127.0.0.1]:${port}/feed.xml`]) {
      const text = await importReport(app, hq, url);
      expect(text).toContain('Фид не загружен');
      expect(text).toContain('внутренняя сеть');
      expect(text).toContain('Каталог не изменён');
    }
    expect(requests).toBe(0);
    expect(app.db.select().from(products).all()).toHaveLength(before);
  });

  it('answers at once that only http(s) links are accepted', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const hq = new TestBuyer(app, '1');
    await hq.say('/import file:///etc/passwd');
    expect(hq.text).toContain('принимаются только ссылки http:// и https://');
    await hq.say('/import');
    expect(hq.text).not.toContain('принимаются только');
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema.js';
import { ensureHqStaff } from '../../src/franchise/staff-service.js';
import { createTestApp, TestBuyer } from '../helpers/engine-harness.js';

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('background work reports through the outbox', () => {
  it('an import started from chat writes its report as an outbox row for the chat that asked when it ends, delivered once', async () => {
    const app = createTestApp();
    ensureHqStaff(app.db, [{ channel: 'telegram', userId: '1' }]);
    const hq = new TestBuyer(app, '1');
    // Nothing listens on port 1: the import fails at once, and its report says so.
    await hq.say('/import http://127.0.0.1:1/feed.xml');
    expect(hq.text).toContain('Пришлю отчёт');
    const reports = () => app.db.select().from(outbox).where(eq(outbox.kind, 'message')).all();
    await until(() => reports().length === 1, 'the report row');
    expect(reports()[0]).toMatchObject({ recipient: `${app.storefront.id}:telegram:1`, status: 'pending' });
    await app.flush!();
    await app.flush!();
    const toHq = app.sent!.filter((n) => n.target.chatId === '1');
    expect(toHq).toHaveLength(1);
    expect(toHq[0]!.replies[0]!.text.length).toBeGreaterThan(0);
    expect(reports()[0]!.status).toBe('done');
  });
});

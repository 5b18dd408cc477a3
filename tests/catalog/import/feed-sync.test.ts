import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startFeedSync } from '../../../src/catalog/import/feed-sync.js';
import { formatFeedProblem, formatImportReport } from '../../../src/catalog/import/import-messages.js';
import { products } from '../../../src/db/schema.js';
import { createTestApp } from '../../helpers/engine-harness.js';

const feed = (name: string) => new URL(`../../fixtures/feeds/${name}`, import.meta.url).pathname;

describe('feed re-sync and reports', () => {
  it('syncs the catalog from FEED_URL, and a broken feed leaves it as it was', async () => {
    const app = createTestApp({ seed: false });
    const sync = startFeedSync(app.db, { url: feed('sizes-as-offers.xml'), minutes: 60, logger: pino({ level: 'silent' }) });
    await sync.syncNow();
    sync.stop();
    expect(app.db.select().from(products).all()).toHaveLength(2);
    const broken = startFeedSync(app.db, { url: feed('broken.xml'), minutes: 60, logger: pino({ level: 'silent' }) });
    await broken.syncNow();
    broken.stop();
    expect(app.db.select().from(products).all().filter((p) => !p.hidden)).toHaveLength(2);
  });

  it('explains the report and refusals in both languages', () => {
    const { i18n } = createTestApp({ seed: false });
    const report = { categories: 3, added: 2, updated: 1, unchanged: 0, hidden: 4, rejected: [{ offerId: 'JK-12', reason: 'currency' as const, detail: 'USD' }] };
    expect(formatImportReport(i18n, 'ru', report)).toContain('• JK-12: валюта «USD» — принимаются только RUB и RUR');
    expect(formatImportReport(i18n, 'en', report)).toContain('4 hidden (no longer in the feed)');
    expect(formatFeedProblem(i18n, 'ru', { kind: 'malformed', line: 11, column: 41, message: 'unexpected close tag' })).toBe(
      'Фид не загружен: ошибка XML в строке 11, позиция 41 (unexpected close tag). Каталог не изменён.',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { createStorefrontSettings } from '../../src/storefronts/storefront-settings.js';
import { createTestApp, productBySku } from '../helpers/engine-harness.js';

describe('storefront settings', () => {
  it('opens storefronts, lists them oldest first, and changes one without touching another', () => {
    const app = createTestApp();
    const settings = createStorefrontSettings(app.db);
    const catalog = createCatalogService(app.db);
    const boots = productBySku(app, 'SHOE-CHELSEA-01');
    const kazan = settings.create({ slug: 'kazan', name: 'Казань' });
    expect(kazan.timeZone).toBe('Europe/Moscow');
    expect(settings.list().map((s) => s.id)).toEqual([app.storefront.id, kazan.id]);
    const recommended = catalog.product(kazan.id, boots.id)!.price;

    settings.setMarkup(kazan.id, 500);
    settings.setAutoConfirm(kazan.id, true);
    settings.setPaused(kazan.id, true);
    expect(settings.get(kazan.id)).toMatchObject({ markupPercent: 500, autoConfirm: true, paused: true });
    expect(catalog.product(kazan.id, boots.id)!.price).toBeGreaterThan(recommended);
    expect(settings.get(app.storefront.id)).toMatchObject({ markupPercent: null, paused: false });
    expect(catalog.product(app.storefront.id, boots.id)!.price).toBe(recommended);

    settings.setMarkup(kazan.id, null);
    expect(catalog.product(kazan.id, boots.id)!.price).toBe(recommended);
    expect(settings.get(-1)).toBeUndefined();
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogAdmin } from '../../src/catalog/catalog-admin.js';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { categories, products } from '../../src/db/schema.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, productBySku } from '../helpers/engine-harness.js';

function setup() {
  const app = createTestApp();
  const other = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
  return { app, sf: app.storefront.id, other: other.id, admin: createCatalogAdmin(app.db), catalog: createCatalogService(app.db), boots: productBySku(app, 'SHOE-CHELSEA-01') };
}

describe('the catalog as staff change it', () => {
  it("hides a product from one storefront's buyers only, and shows it again", () => {
    const { sf, other, admin, catalog, boots } = setup();
    admin.override(sf, boots.id, { hidden: true });
    expect(catalog.product(sf, boots.id)).toBeUndefined();
    expect(catalog.product(other, boots.id)?.name).toBe(boots.name);
    // Staff still find and open it.
    expect(admin.find('CHELSEA').map((p) => p.id)).toEqual([boots.id]);
    expect(admin.product(sf, boots.id)?.own?.hidden).toBe(true);
    admin.override(sf, boots.id, { hidden: false });
    expect(catalog.product(sf, boots.id)?.name).toBe(boots.name);
  });

  it("changes one field at a time: an own price stays when the product is marked a bestseller, and buyers see it", () => {
    const { sf, other, admin, catalog, boots } = setup();
    const before = admin.product(sf, boots.id)!;
    const price = before.minimum + 100_000;
    admin.override(sf, boots.id, { price });
    admin.override(sf, boots.id, { bestseller: true });
    expect(admin.product(sf, boots.id)).toMatchObject({ price, own: { price, bestseller: true, hidden: false } });
    expect(catalog.product(sf, boots.id)?.price).toBe(price);
    expect(catalog.product(other, boots.id)?.price).toBe(before.price);
    admin.override(sf, boots.id, { price: null });
    expect(catalog.product(sf, boots.id)?.price).toBe(before.price);
  });

  it('finds products by id, name or SKU, hidden by the franchisor too', () => {
    const { admin, app, boots } = setup();
    app.db.update(products).set({ hidden: true }).where(eq(products.id, boots.id)).run();
    expect(admin.find(String(boots.id)).map((p) => p.id)).toContain(boots.id);
    expect(admin.find(boots.name.slice(0, 6)).map((p) => p.id)).toContain(boots.id);
    expect(admin.find('no such thing')).toEqual([]);
  });

  it("gives the lowest price the franchisor's rules allow, and follows a change of the rules", () => {
    const { sf, admin, boots } = setup();
    admin.setPriceRules({ recommendedMarkupPercent: 100, minMarkupPercent: 30 });
    expect(admin.priceRules()).toMatchObject({ recommendedMarkupPercent: 100, minMarkupPercent: 30 });
    const low = admin.product(sf, boots.id)!.minimum;
    admin.setPriceRules({ recommendedMarkupPercent: 120, minMarkupPercent: 60 });
    expect(admin.product(sf, boots.id)!.minimum).toBeGreaterThan(low);
    expect(admin.product(sf, -1)).toBeUndefined();
  });

  it('hides a whole category from one storefront, lists it as hidden there, and refuses an unknown one', () => {
    const { app, sf, other, admin, catalog, boots } = setup();
    const shoes = app.db.select().from(categories).where(eq(categories.externalId, 'demo:shoes')).get()!;
    expect(admin.setCategoryHidden(sf, shoes.id, true)).toEqual({ name: shoes.name });
    expect(catalog.product(sf, boots.id)).toBeUndefined();
    expect(catalog.product(other, boots.id)?.name).toBe(boots.name);
    expect(admin.categories(sf).find((c) => c.id === shoes.id)?.hidden).toBe(true);
    expect(admin.categories(other).find((c) => c.id === shoes.id)?.hidden).toBe(false);
    admin.setCategoryHidden(sf, shoes.id, false);
    expect(catalog.product(sf, boots.id)?.name).toBe(boots.name);
    expect(admin.setCategoryHidden(sf, 999_999, true)).toBeUndefined();
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCatalogService } from '../../src/catalog/catalog-service.js';
import { minimumRetail } from '../../src/catalog/pricing.js';
import { categories, franchiseSettings, products, storefrontCategories, storefrontProducts, storefronts } from '../../src/db/schema.js';
import { createStorefront } from '../../src/storefronts/storefront-service.js';
import { createTestApp, productBySku, TestBuyer } from '../helpers/engine-harness.js';

function setup() {
  const app = createTestApp();
  const other = createStorefront(app.db, { slug: 'kazan', name: 'Казань' });
  const catalog = createCatalogService(app.db);
  const boots = productBySku(app, 'SHOE-CHELSEA-01');
  return { app, other, catalog, boots };
}

describe('retail prices and what each storefront shows', () => {
  it('offers a new storefront the whole master catalog at the recommended prices', () => {
    const { app, other, catalog, boots } = setup();
    expect(catalog.product(other.id, boots.id)?.price).toBe(650000);
    expect(catalog.product(app.storefront.id, boots.id)?.price).toBe(650000);
    expect(catalog.childCategories(other.id, null).map((c) => c.productCount)).toEqual([17, 7, 6]);
  });

  it('applies a storefront markup over wholesale, rounded up to ten roubles, and scales the old price', () => {
    const { app, other, catalog, boots } = setup();
    app.db.update(storefronts).set({ markupPercent: 50 }).where(eq(storefronts.id, other.id)).run();
    const expected = Math.ceil(Math.floor((boots.wholesalePrice * 150) / 100) / 1000) * 1000;
    const card = catalog.product(other.id, boots.id)!;
    expect(card.price).toBe(expected);
    expect(card.price % 1000).toBe(0);
    expect(card.oldPrice).toBeGreaterThan(card.price);
    // The other storefront is not affected.
    expect(catalog.product(app.storefront.id, boots.id)?.price).toBe(650000);
  });

  it('uses a franchisee price for one product, never below the franchisor minimum', () => {
    const { app, other, catalog, boots } = setup();
    app.db.insert(storefrontProducts).values({ storefrontId: other.id, productId: boots.id, price: 590000 }).run();
    expect(catalog.product(other.id, boots.id)?.price).toBe(590000);
    app.db.update(storefrontProducts).set({ price: 100 }).run();
    const minimum = minimumRetail(boots.wholesalePrice, 30);
    expect(catalog.product(other.id, boots.id)?.price).toBe(minimum);
    app.db.update(franchiseSettings).set({ minMarkupPercent: 50 }).run();
    expect(catalog.product(other.id, boots.id)?.price).toBe(minimumRetail(boots.wholesalePrice, 50));
  });

  it('follows the franchisor recommended markup for products without a recommended price', () => {
    const { app, other, catalog, boots } = setup();
    app.db.update(products).set({ price: null, oldPrice: null }).where(eq(products.id, boots.id)).run();
    app.db.update(franchiseSettings).set({ recommendedMarkupPercent: 80 }).run();
    expect(catalog.product(other.id, boots.id)?.price).toBe(Math.ceil(Math.floor((boots.wholesalePrice * 180) / 100) / 1000) * 1000);
  });

  it('hides a product or a whole category in one storefront only, and shows bestsellers first', async () => {
    const { app, other, catalog, boots } = setup();
    app.db.insert(storefrontProducts).values({ storefrontId: other.id, productId: boots.id, hidden: true }).run();
    expect(catalog.product(other.id, boots.id)).toBeUndefined();
    expect(catalog.search(other.id, 'челси', 0, 10).total).toBe(0);
    expect(catalog.product(app.storefront.id, boots.id)).toBeDefined();
    const shoes = app.db.select().from(categories).where(eq(categories.externalId, 'demo:shoes')).get()!;
    app.db.insert(storefrontCategories).values({ storefrontId: other.id, categoryId: shoes.id, hidden: true }).run();
    expect(catalog.childCategories(other.id, null).map((c) => c.name)).toEqual(['Одежда', 'Аксессуары']);
    expect(catalog.search(other.id, 'кроссовки', 0, 10).items.map((p) => p.name)).not.toContain('Кроссовки беговые лёгкие');
    const last = productBySku(app, 'TEE-CROP-01');
    app.db.insert(storefrontProducts).values({ storefrontId: app.storefront.id, productId: last.id, bestseller: true }).run();
    expect(catalog.productsIn(app.storefront.id, last.categoryId, 0, 1).items[0]?.id).toBe(last.id);
    // A hidden product already in a buyer's cart is pointed out and taken out at the cart.
    const buyer = new TestBuyer(app, 'b1');
    await buyer.say(`/start p${productBySku(app, 'SHOE-LACE-01').id}`);
    await buyer.press(/^\d{2}$/);
    app.db.insert(storefrontProducts).values({ storefrontId: app.storefront.id, productId: productBySku(app, 'SHOE-LACE-01').id, hidden: true }).run();
    await buyer.say('/cart');
    expect(buyer.text).toContain('больше не продаётся');
  });
});

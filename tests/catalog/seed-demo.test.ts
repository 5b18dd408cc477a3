import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadDemoCatalog, seedDemoCatalog } from '../../src/catalog/demo/seed-demo.js';
import { categories, products, variants } from '../../src/db/schema.js';
import { createTestApp } from '../helpers/engine-harness.js';

const count = (app: ReturnType<typeof createTestApp>, table: typeof products | typeof variants | typeof categories) =>
  app.db.select({ n: sql<number>`count(*)` }).from(table).get()!.n;

describe('demo catalog', () => {
  it('has at least 20 products in at least 4 categories, with sizes, stock, old prices and pictures', () => {
    const demo = loadDemoCatalog();
    expect(demo.products.length).toBeGreaterThanOrEqual(20);
    expect(new Set(demo.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(4);
    expect(demo.products.some((p) => p.oldPrice)).toBe(true);
    expect(demo.products.every((p) => p.pictures.length > 0 && p.variants.length > 0)).toBe(true);
    expect(demo.products.some((p) => p.variants.every((v) => v.stock === 0))).toBe(true);
  });

  it('loads idempotently: seeding again restores stock and prices without duplicates', () => {
    const app = createTestApp();
    const before = [count(app, categories), count(app, products), count(app, variants)];
    app.db.update(variants).set({ stock: 0 }).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).run();
    seedDemoCatalog(app.db);
    expect([count(app, categories), count(app, products), count(app, variants)]).toEqual(before);
    expect(app.db.select().from(variants).where(eq(variants.offerId, 'SHOE-CHELSEA-01-39')).get()!.stock).toBeGreaterThan(0);
  });
});

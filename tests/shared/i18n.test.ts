import { readFileSync } from 'node:fs';
import { parse, type Pattern, type PatternElement, type Expression, type Variant } from '@fluent/syntax';
import { describe, expect, it } from 'vitest';
import { createI18n, locales } from '../../src/shared/i18n.js';

/** Message id → the variables it uses, read from the .ftl file's syntax tree. */
function variablesByMessage(locale: string): Map<string, string[]> {
  const resource = parse(readFileSync(new URL(`../../locales/${locale}.ftl`, import.meta.url), 'utf8'), {});
  const result = new Map<string, string[]>();
  for (const entry of resource.body) {
    if (entry.type !== 'Message' || !entry.value) continue;
    const vars = new Set<string>();
    collect(entry.value, vars);
    result.set(entry.id.name, [...vars].sort());
  }
  return result;
}

function collect(pattern: Pattern, vars: Set<string>): void {
  for (const element of pattern.elements as PatternElement[]) {
    if (element.type === 'Placeable') collectExpression(element.expression as Expression, vars);
  }
}

function collectExpression(expression: Expression, vars: Set<string>): void {
  if (expression.type === 'VariableReference') vars.add(expression.id.name);
  if (expression.type === 'SelectExpression') {
    collectExpression(expression.selector, vars);
    for (const variant of expression.variants as Variant[]) collect(variant.value, vars);
  }
  if (expression.type === 'Placeable') collectExpression(expression.expression as Expression, vars);
}

describe('locales', () => {
  it('parse without errors and have the same messages with the same variables', () => {
    const ru = variablesByMessage('ru');
    const en = variablesByMessage('en');
    expect([...en.keys()].sort()).toEqual([...ru.keys()].sort());
    for (const [id, vars] of ru) expect(en.get(id), id).toEqual(vars);
    expect(ru.size).toBeGreaterThan(100);
  });

  it('use Russian plural forms', () => {
    const i18n = createI18n();
    const forms = [1, 2, 5, 11, 21, 22, 25].map((count) => i18n.t('ru', 'items-count', { count }));
    expect(forms).toEqual(['1 товар', '2 товара', '5 товаров', '11 товаров', '21 товар', '22 товара', '25 товаров']);
    expect(i18n.t('en', 'items-count', { count: 1 })).toBe('1 item');
    expect(i18n.t('en', 'items-count', { count: 3 })).toBe('3 items');
  });

  it('include no invisible isolation marks around values', () => {
    const i18n = createI18n();
    expect(i18n.t('ru', 'product-price', { price: '4 290 ₽' })).toBe('💰 4 290 ₽');
  });

  it('keep each language its own words however often a label is asked, and fail every time a value is missing', () => {
    const i18n = createI18n();
    for (let i = 0; i < 3; i++) {
      expect(i18n.t('ru', 'btn-home')).toBe('🏠 Меню');
      expect(i18n.t('en', 'btn-home')).toBe('🏠 Menu');
      expect(() => i18n.t('en', 'items-count')).toThrow(/items-count/);
    }
  });

  it('list both locales', () => {
    expect(locales).toEqual(['ru', 'en']);
  });
});

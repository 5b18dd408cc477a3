import { describe, expect, it } from 'vitest';
import { networkCsv, neutralizeCell, settledOrdersCsv } from '../../src/settlement/earnings-csv.js';
import type { Earnings } from '../../src/settlement/earnings.js';

const shop = (storefrontName: string, margin = 150_000): Earnings => ({
  storefrontId: 2,
  storefrontName,
  delivered: 3,
  sales: 1_000_000,
  wholesale: 700_000,
  royalty: 150_000,
  margin,
  returnFees: 0,
  refused: 1,
  buyoutRate: 0.75,
  pendingOrders: 0,
  pendingCash: 0,
});

const cells = (content: string, separator: string) =>
  content
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((row) => row.split(separator));

describe('CSV exports never carry a formula', () => {
  it('a storefront named like a formula comes out as text', () => {
    const names = ['=HYPERLINK("http://evil","x")', '-2+3', '+7(999)', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
    const content = networkCsv(names.map((n) => shop(n)), 'en', (id) => id);
    // Each line is `<name>,3,1,75,<amounts>`: the name is what comes before the counts.
    const starts = content
      .replace(/^\uFEFF/, '')
      .split(/,3,1,75,[^\r]*\r\n/)
      .slice(0, names.length)
      .map((cell, i) => (i === 0 ? cell.split('\r\n')[1] : cell));
    expect(starts).toEqual([`"'=HYPERLINK(""http://evil"",""x"")"`, "'-2+3", "'+7(999)", "'@SUM(A1:A9)", "'\t=1+1", `"'\r=1+1"`]);
  });

  it('leaves ordinary names alone', () => {
    expect(cells(networkCsv([shop('Сарафан Казань')], 'ru', (id) => id), ';')[1]![0]).toBe('Сарафан Казань');
  });

  it('writes a negative amount as a number, not as neutralised text', () => {
    const rows = cells(networkCsv([shop('Казань', -12_50)], 'ru', (id) => id), ';');
    expect(rows[1]).toContain('-12,50');
    expect(rows[1]!.join(';')).not.toContain("'-");
    const orders = cells(settledOrdersCsv([{ number: 7, settledAt: 0, outcome: 'refused', amounts: { margin: -5_00, return_fee: 200_00 } }], 'en', (id) => id, () => '2026-11-30'), ',');
    expect(orders[1]).toEqual(['2026-11-30', '7', 'csv-outcome-refused', '0.00', '0.00', '0.00', '-5.00', '200.00']);
  });

  it('neutralises every formula start OWASP lists, and nothing else', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeCell(`${start}x`)).toBe(`'${start}x`);
    for (const plain of ['x=1', "'already", '1-2', '']) expect(neutralizeCell(plain)).toBe(plain);
  });
});

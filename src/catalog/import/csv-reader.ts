import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { FeedError, type FeedSink } from './feed-types.js';
import { parsePrice, splitSizes } from './feed-text.js';
import { unknownStock } from './yml-reader.js';

/** Columns with a meaning; every other column is a product parameter named by its header. */
const known = new Set(['offer_id', 'group_id', 'category', 'name', 'description', 'size', 'price', 'old_price', 'stock', 'pictures', 'currency']);

async function* decoded(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let decoder: { write(b: Buffer): string } | undefined;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // Excel in Russia saves CSV in windows-1251; anything that is not valid UTF-8 is read as that.
    decoder ??= iconv.getDecoder(iconv.decode(bytes, 'utf-8').includes('\uFFFD') ? 'win1251' : 'utf-8');
    yield decoder.write(bytes);
  }
}

/**
 * Streams a CSV catalog (see docs/catalog-example.csv) into a sink: one row per offer, sizes as
 * rows sharing `group_id` or as a list in `size`, `category` as a path like «Обувь / Кроссовки».
 * Delimiter `;` or `,`; UTF-8 or windows-1251.
 */
export async function readCsv(source: AsyncIterable<Buffer | string>, sink: FeedSink): Promise<void> {
  const text = decoded(source);
  const first = await text.next();
  if (first.done) return;
  const headerLine = first.value.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (headerLine.match(/;/g)?.length ?? 0) >= (headerLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rest = async function* () {
    yield first.value;
    yield* text;
  };
  const parser = Readable.from(rest()).pipe(
    parse({ delimiter, columns: (header: string[]) => header.map((h) => h.trim()), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }),
  );
  const categories = new Set<string>();
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row++;
      const offerId = record.offer_id ?? '';
      if (!offerId) {
        sink.reject({ offerId: `#${row}`, reason: 'no-id' });
        continue;
      }
      if (!record.name) {
        sink.reject({ offerId, reason: 'no-name' });
        continue;
      }
      const currency = (record.currency || 'RUB').toUpperCase();
      if (currency !== 'RUB' && currency !== 'RUR') {
        sink.reject({ offerId, reason: 'currency', detail: record.currency });
        continue;
      }
      if (!record.price) {
        sink.reject({ offerId, reason: 'no-price' });
        continue;
      }
      const price = parsePrice(record.price);
      if (price === null || price <= 0) {
        sink.reject({ offerId, reason: 'bad-price', detail: record.price });
        continue;
      }
      const path = (record.category ?? '').split(/\s*[/>]\s*/).filter(Boolean);
      path.forEach((name, i) => {
        const id = path.slice(0, i + 1).join(' / ');
        if (categories.has(id)) return;
        categories.add(id);
        sink.category({ id, parentId: i > 0 ? path.slice(0, i).join(' / ') : undefined, name });
      });
      const oldPrice = record.old_price ? parsePrice(record.old_price) : null;
      sink.offer({
        offerId,
        productKey: record.group_id || offerId,
        categoryId: path.length ? path.join(' / ') : undefined,
        name: record.name,
        description: record.description ?? '',
        params: Object.entries(record)
          .filter(([key, value]) => !known.has(key) && value)
          .map(([name, value]) => ({ name, value })),
        pictures: (record.pictures ?? '').split(/[\s|]+/).filter(Boolean),
        price,
        oldPrice: oldPrice !== null && oldPrice > price ? oldPrice : undefined,
        sizes: splitSizes(record.size ?? ''),
        stock: record.stock && /^\d+$/.test(record.stock) ? Number(record.stock) : unknownStock,
      });
    }
  } catch (error) {
    if (error instanceof FeedError) throw error;
    const line = (error as { lines?: number }).lines ?? row;
    throw new FeedError({ kind: 'csv', line, message: error instanceof Error ? error.message : String(error) });
  }
}

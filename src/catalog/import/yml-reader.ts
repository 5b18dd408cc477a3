import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { FeedError, type FeedSink } from './feed-types.js';
import { htmlToText, isSizeParam, parsePrice, splitSizes } from './feed-text.js';

/** Stock given to an available offer whose feed states no count. */
export const unknownStock = 10;

interface OfferDraft {
  attrs: Record<string, string>;
  fields: Record<string, string>;
  pictures: string[];
  params: Array<{ name: string; value: string }>;
}

/** The encoding an XML declaration names, from the first bytes of a feed. */
function declaredEncoding(head: Buffer): string {
  const text = head.subarray(0, 200).toString('latin1');
  const match = /<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/i.exec(text);
  return (match?.[1] ?? 'utf-8').toLowerCase();
}

/**
 * Streams a Yandex Market YML feed (UTF-8 or windows-1251) into a sink: categories first, then
 * offers, with sizes worked out from separate offers (`group_id`), repeated size params or a comma
 * list. Memory stays flat whatever the feed's size. Throws {@link FeedError} on broken XML (with
 * line and column) or bytes that do not fit the declared encoding.
 */
export async function readYml(source: AsyncIterable<Buffer | string>, sink: FeedSink): Promise<void> {
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  let text = '';
  let category: { id: string; parentId?: string } | undefined;
  let offer: OfferDraft | undefined;
  let paramName: string | undefined;
  let offerCount = 0;
  let failure: FeedError | undefined;

  parser.on('error', (error) => {
    failure ??= new FeedError({ kind: 'malformed', line: parser.line, column: parser.column, message: error.message.replace(/^(?:.*?:)?\d+:\d+: /, '').replace(/\.$/, '') });
  });
  parser.on('opentag', (tag) => {
    // HTML written as XML inside a description (not in CDATA) is part of the description's text.
    if (path.at(-1) === 'description' || path.includes('description')) {
      path.push(tag.name);
      if (/^(p|br|div|li)$/i.test(tag.name)) text += '\n';
      return;
    }
    path.push(tag.name);
    text = '';
    const attrs = tag.attributes as Record<string, string>;
    if (tag.name === 'category' && path.includes('categories')) category = { id: attrs.id ?? '', parentId: attrs.parentId };
    else if (tag.name === 'offer') offer = { attrs, fields: {}, pictures: [], params: [] };
    else if (tag.name === 'param' && offer) paramName = attrs.name ?? '';
  });
  const collect = (chunk: string) => {
    text += chunk;
  };
  parser.on('text', collect);
  parser.on('cdata', collect);
  parser.on('closetag', (tag) => {
    path.pop();
    if (tag.name !== 'description' && path.includes('description')) return;
    const value = text.trim();
    text = '';
    if (tag.name === 'category' && category) {
      if (category.id && value) sink.category({ id: category.id, parentId: category.parentId && category.parentId !== '0' ? category.parentId : undefined, name: value });
      category = undefined;
    } else if (offer && tag.name === 'offer') {
      finishOffer(offer, ++offerCount, sink);
      offer = undefined;
    } else if (offer && tag.name === 'picture') {
      if (value) offer.pictures.push(value);
    } else if (offer && tag.name === 'param') {
      if (paramName && value) offer.params.push({ name: paramName.trim(), value });
      paramName = undefined;
    } else if (offer && path.at(-1) === 'offer') {
      offer.fields[tag.name] = value;
    }
  });

  let decode: ((chunk: Buffer) => string) | undefined;
  let encoding = 'utf-8';
  let head: Buffer[] = [];
  let headLength = 0;
  const feed = (bytes: Buffer) => {
    const decoded = decode!(bytes);
    // U+FFFD means bytes the declared encoding cannot read (a windows-1251 feed that claims UTF-8).
    if (decoded.includes('\uFFFD')) throw new FeedError({ kind: 'encoding', encoding });
    parser.write(decoded);
    if (failure) throw failure;
  };
  const start = () => {
    const first = Buffer.concat(head);
    head = [];
    encoding = declaredEncoding(first);
    if (!iconv.encodingExists(encoding)) throw new FeedError({ kind: 'encoding', encoding });
    const decoder = iconv.getDecoder(encoding);
    decode = (b) => decoder.write(b);
    feed(first);
  };
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (decode) {
      feed(bytes);
      continue;
    }
    // The XML declaration (and its encoding) is in the first couple of hundred bytes.
    head.push(bytes);
    headLength += bytes.length;
    if (headLength >= 256) start();
  }
  if (!decode) start();
  parser.close();
  if (failure) throw failure;
}

function finishOffer(draft: OfferDraft, position: number, sink: FeedSink): void {
  const offerId = (draft.attrs.id ?? '').trim();
  const f = draft.fields;
  if (!offerId) return sink.reject({ offerId: `#${position}`, reason: 'no-id' });
  const name = f.name || [f.typePrefix, f.vendor, f.model].filter(Boolean).join(' ');
  if (!name) return sink.reject({ offerId, reason: 'no-name' });
  const currency = (f.currencyId ?? 'RUB').toUpperCase();
  if (currency !== 'RUB' && currency !== 'RUR') return sink.reject({ offerId, reason: 'currency', detail: f.currencyId });
  if (!f.price) return sink.reject({ offerId, reason: 'no-price' });
  const price = parsePrice(f.price);
  if (price === null || price <= 0) return sink.reject({ offerId, reason: 'bad-price', detail: f.price });
  const oldRaw = f.oldprice ? parsePrice(f.oldprice) : null;
  const sizeValues = draft.params.filter((p) => isSizeParam(p.name)).flatMap((p) => splitSizes(p.value));
  const available = (draft.attrs.available ?? 'true').toLowerCase() !== 'false';
  const count = f.count ?? f.quantity ?? f.stock;
  const stock = !available ? 0 : count !== undefined && /^\d+$/.test(count) ? Number(count) : unknownStock;
  sink.offer({
    offerId,
    productKey: (draft.attrs.group_id ?? f.group_id ?? '').trim() || offerId,
    categoryId: f.categoryId || undefined,
    name,
    description: htmlToText(f.description ?? ''),
    params: draft.params.filter((p) => !isSizeParam(p.name)),
    pictures: draft.pictures,
    price,
    oldPrice: oldRaw !== null && oldRaw > price ? oldRaw : undefined,
    sizes: [...new Set(sizeValues)],
    stock,
  });
}

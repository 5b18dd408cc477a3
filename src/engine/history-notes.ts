import { erasedMarker } from '../buyers/personal-data.js';

/** An item of an order, as far as a history note needs it. */
export interface NotedItem {
  offerId: string;
  name: string;
  size: string | null;
}

type Translate = (id: string, args?: Record<string, string | number>) => string;

/** Items the warehouse said it cannot fill, from the note `out_of_stock:<offer ids>`; all of them when it did not say. */
export function missingItems<T extends NotedItem>(note: string | null | undefined, items: T[]): T[] {
  if (!note?.startsWith('out_of_stock:')) return [];
  const offers = note.slice('out_of_stock:'.length).split(',').filter(Boolean);
  return offers.length === 0 ? items : items.filter((i) => offers.includes(i.offerId));
}

/**
 * A history note in words. Notes the system writes are codes (`skipped`, `out_of_stock:<ids>`,
 * `swap:<from>><to>`, `resent`); notes people write (a cancellation reason) are shown as written.
 */
export function describeNote(t: Translate, note: string, items: NotedItem[]): string {
  if (note === 'skipped') return t('history-note-skipped');
  if (note === 'resent') return t('history-note-resent');
  if (note === erasedMarker) return t('pd-erased');
  if (note.startsWith('out_of_stock:')) {
    const offers = note.slice('out_of_stock:'.length).split(',').filter(Boolean);
    const named = missingItems(note, items).map((i) => (i.size ? `${i.name}, ${i.size}` : i.name));
    // An item replaced since (another size) is no longer in the order: its article number still says what it was.
    const replaced = offers.filter((offer) => !items.some((i) => i.offerId === offer)).map((offer) => t('history-note-offer', { offer }));
    return t('history-note-out-of-stock', { items: [...named, ...replaced].join('; ') });
  }
  const swap = /^swap:(.*)>(.*)$/.exec(note);
  if (swap) return t('history-note-swap', { from: swap[1] || '—', to: swap[2] || '—' });
  return note;
}

import { describe, expect, it } from 'vitest';
import { ensureBuyer } from '../../src/buyers/buyer-service.js';
import { openDatabase } from '../../src/db/client.js';
import { createDialogueStore } from '../../src/engine/dialogue.js';
import { ensureDefaultStorefront } from '../../src/storefronts/storefront-service.js';

function setup() {
  const db = openDatabase(':memory:');
  const storefront = ensureDefaultStorefront(db, { name: 'Магазин', timeZone: 'Europe/Moscow' });
  const buyer = ensureBuyer(db, { storefrontId: storefront.id, channel: 'telegram', chatId: '7', userId: '7' }, 'ru');
  const stored = () => db.$client.prepare('select state, updated_at as at from dialogues where buyer_id = ?').get(buyer.id) as { state: string; at: number } | undefined;
  return { db, storefront, buyer, stored, dialogues: createDialogueStore(db) };
}

describe('dialogue store', () => {
  it('keeps a conversation where it was across loads, and writes only when it changed', () => {
    const { db, storefront, buyer, stored, dialogues } = setup();
    const state = dialogues.load(storefront.id, buyer.id);
    state.lastQuery = 'кеды';
    dialogues.save(storefront.id, buyer.id, state);
    expect(JSON.parse(stored()!.state)).toEqual({ lastQuery: 'кеды' });

    // A time no save writes: a save that rewrote the row would change it.
    db.$client.prepare('update dialogues set updated_at = 1 where buyer_id = ?').run(buyer.id);
    const first = stored()!;
    const again = dialogues.load(storefront.id, buyer.id);
    expect(again).toEqual({ lastQuery: 'кеды' });
    dialogues.save(storefront.id, buyer.id, again);
    expect(stored()).toEqual(first);

    again.awaiting = true;
    dialogues.save(storefront.id, buyer.id, again);
    expect(JSON.parse(stored()!.state)).toEqual({ lastQuery: 'кеды', awaiting: true });
    expect(stored()!.at).toBeGreaterThan(1);
    expect(dialogues.load(storefront.id, buyer.id)).toEqual({ lastQuery: 'кеды', awaiting: true });
  });

  it('starts afresh from unreadable state, and saves the fresh one', () => {
    const { db, storefront, buyer, stored, dialogues } = setup();
    dialogues.save(storefront.id, buyer.id, { lastQuery: 'x' });
    db.$client.prepare('update dialogues set state = ? where buyer_id = ?').run('{"checkout": 5', buyer.id);
    const state = dialogues.load(storefront.id, buyer.id);
    expect(state).toEqual({});
    dialogues.save(storefront.id, buyer.id, state);
    expect(stored()!.state).toBe('{}');
  });
});

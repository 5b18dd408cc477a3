import { describe, expect, it } from 'vitest';
import { encodeAction } from '../../src/engine/actions.js';
import type { DialogueState } from '../../src/engine/dialogue.js';
import type { InboundEvent, InboundPayload } from '../../src/engine/events.js';
import { planSearch } from '../../src/engine/search-plan.js';

const ref = { storefrontId: 1, channel: 'telegram', chatId: 'u1', userId: 'u1' } as const;
const event = (payload: InboundPayload, chatId = 'u1'): InboundEvent => ({ ...payload, ref: { ...ref, chatId }, eventId: 'e1' }) as InboundEvent;
const plan = (payload: InboundPayload, state: DialogueState = {}) => planSearch(event(payload), () => state);
const checkout = { key: 'k', step: 'city', draft: {} } as const;

describe('the search an event will run', () => {
  it('is typed text, /search with words, or a page of the last search', () => {
    expect(plan({ type: 'text', text: 'Кеды  ' })).toEqual({ query: 'Кеды  ', offset: 0, limit: 5 });
    expect(plan({ type: 'command', name: 'search', args: 'платье' })).toEqual({ query: 'платье', offset: 0, limit: 5 });
    expect(plan({ type: 'action', data: encodeAction({ name: 'search-page', page: 2 }) }, { lastQuery: 'кеды' })).toEqual({ query: 'кеды', offset: 10, limit: 5 });
  });

  it('is none for /search alone, a page with no search before, other buttons, commands and events', () => {
    expect(plan({ type: 'command', name: 'search', args: '  ' })).toBeUndefined();
    expect(plan({ type: 'action', data: encodeAction({ name: 'search-page', page: 1 }) })).toBeUndefined();
    expect(plan({ type: 'action', data: encodeAction({ name: 'cart', page: 0 }) }, { lastQuery: 'кеды' })).toBeUndefined();
    expect(plan({ type: 'action', data: 'garbage' })).toBeUndefined();
    expect(plan({ type: 'command', name: 'catalog', args: 'кеды' })).toBeUndefined();
    expect(plan({ type: 'start', payload: 'p1' })).toBeUndefined();
    expect(plan({ type: 'photo', fileRef: 'tg:1' })).toBeUndefined();
  });

  it('is none for text that answers a question or presses a reply-keyboard button', () => {
    const text = { type: 'text', text: 'Казань' } as const;
    expect(plan(text, { checkout, awaiting: true })).toBeUndefined();
    expect(plan(text, { askingSeller: true })).toBeUndefined();
    expect(plan(text, { replyTo: 3 })).toBeUndefined();
    expect(plan(text, { cancelOrder: 4 })).toBeUndefined();
    expect(plan(text, { tracking: { u1: 5 } })).toBeUndefined();
    expect(plan({ type: 'text', text: 'Назад' }, { textButtons: { Назад: encodeAction({ name: 'checkout-back' }) } })).toBeUndefined();
    // A checkout the buyer wandered away from (no question pending) and another person's tracking leave text to search.
    expect(plan(text, { checkout, tracking: { u2: 5 } })).toEqual({ query: 'Казань', offset: 0, limit: 5 });
  });

  it('is none in a group (the warehouse chat), and reads no state where the event alone decides', () => {
    expect(planSearch(event({ type: 'text', text: 'кеды' }, '-100'), () => ({}))).toBeUndefined();
    const untouched = () => {
      throw new Error('state read');
    };
    expect(planSearch(event({ type: 'command', name: 'search', args: 'кеды' }), untouched)).toBeDefined();
    expect(planSearch(event({ type: 'action', data: encodeAction({ name: 'home' }) }), untouched)).toBeUndefined();
  });
});

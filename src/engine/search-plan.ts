import { decodeAction, type Action } from './actions.js';
import type { DialogueState } from './dialogue.js';
import type { InboundEvent } from './events.js';
import { pageSize } from './screens/common.js';

/** The search an event's screen is expected to run: what `ctx.search` will be asked. */
export interface PlannedSearch {
  query: string;
  offset: number;
  limit: number;
}

/**
 * Foresees, before the event's write transaction, the search its screen will run, so the engine
 * can have the search worker answer it first. `state` is the conversation's dialogue state, read
 * only for the events whose meaning depends on it; the conversation lock keeps it unchanged until
 * the event runs. A guess, never a rule: a search not foreseen runs on the event loop, one foreseen
 * but not run costs a worker search, and the answer is the same either way. Staff and warehouse
 * modes are read from the state alone (only staff get into them), without asking for the role.
 */
export function planSearch(event: InboundEvent, state: () => DialogueState): PlannedSearch | undefined {
  // Only the warehouse chat is served in a group, and it never searches.
  if (event.ref.chatId !== event.ref.userId) return undefined;
  switch (event.type) {
    case 'command':
      return event.name === 'search' && event.args.trim() ? firstPage(event.args) : undefined;
    case 'action': {
      const action = decodeAction(event.data);
      return action ? planAction(action, state) : undefined;
    }
    case 'text': {
      const now = state();
      const pressed = now.textButtons?.[event.text.trim()];
      const action = pressed ? decodeAction(pressed) : null;
      if (action) return planAction(action, state);
      return typedTextSearches(now, event.ref.userId) && event.text ? firstPage(event.text) : undefined;
    }
    default:
      return undefined;
  }
}

/** Typed text goes to search unless it answers a question: tracking, a staff reply or reason, checkout, the seller. */
function typedTextSearches(state: DialogueState, actor: string): boolean {
  if (state.tracking?.[actor] !== undefined) return false;
  if (state.replyTo !== undefined || state.cancelOrder !== undefined) return false;
  if (state.awaiting && state.checkout) return false;
  return !state.askingSeller;
}

/** A button searches only when it turns a page of the last search. */
function planAction(action: Action, state: () => DialogueState): PlannedSearch | undefined {
  if (action.name !== 'search-page') return undefined;
  const query = state().lastQuery;
  return query ? { query, offset: action.page * pageSize, limit: pageSize } : undefined;
}

function firstPage(query: string): PlannedSearch {
  return { query, offset: 0, limit: pageSize };
}

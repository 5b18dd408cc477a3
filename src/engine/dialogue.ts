import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { dialogues } from '../db/schema.js';

/** The question a checkout is waiting for an answer to. */
export type CheckoutField = 'name' | 'phone' | 'city' | 'address' | 'comment';
/** Checkout screens that have buttons only. */
export type CheckoutStep = CheckoutField | 'reuse' | 'summary';

const checkoutSchema = z.object({
  /** Identifies this checkout; the confirmation button carries it, so a double tap places one order. */
  key: z.string(),
  step: z.enum(['reuse', 'name', 'phone', 'city', 'address', 'comment', 'summary']),
  /** The form so far; kept when the buyer wanders off or gives a bad answer. */
  draft: z.object({
    name: z.string().optional(),
    phone: z.string().optional(),
    city: z.string().optional(),
    address: z.string().optional(),
    comment: z.string().optional(),
    /** The comment step was answered (possibly by skipping it). */
    commentDone: z.boolean().optional(),
  }),
  /** The buyer is correcting one answer from the summary: go back to the summary after it. */
  returnToSummary: z.boolean().optional(),
  /** The lines and prices of the summary shown last, re-checked at confirmation. */
  summary: z
    .array(z.object({ variantId: z.number(), quantity: z.number(), price: z.number() }))
    .optional(),
});

const stateSchema = z.object({
  checkout: checkoutSchema.optional(),
  /** True while the bot waits for the answer to `checkout.step`: only then is typed text a form answer. */
  awaiting: z.boolean().optional(),
  /** The buyer is talking to the seller: typed text goes to the staff, not to search. */
  askingSeller: z.boolean().optional(),
  /** Staff: the product the next photo they send is for. */
  photoFor: z.number().optional(),
  /** Staff: the buyer the next typed text is an answer to. */
  replyTo: z.number().optional(),
  /** Staff: the order whose cancellation reason the next typed text is. */
  cancelOrder: z.number().optional(),
  /** Warehouse chat: per person, the order whose carrier and tracking number their next message gives. */
  tracking: z.record(z.string(), z.number()).optional(),
  /** Warehouse chat: per order, the items (numbered from 1) ticked as missing so far. */
  missing: z.record(z.string(), z.array(z.number())).optional(),
  /** Last search, for its pages (a button cannot carry the query). */
  lastQuery: z.string().optional(),
  /** Labels of reply-keyboard buttons on screen, mapped to their actions (typed text = a press). */
  textButtons: z.record(z.string(), z.string()).optional(),
});

/** Everything the engine remembers about a conversation between events. */
export type DialogueState = z.infer<typeof stateSchema>;
/** A checkout in progress. */
export type Checkout = z.infer<typeof checkoutSchema>;

/** Loads and saves dialogue state; survives restarts because it lives in SQLite. */
export interface DialogueStore {
  load(storefrontId: number, buyerId: number): DialogueState;
  save(storefrontId: number, buyerId: number, state: DialogueState): void;
}

/** Creates the dialogue store. Unreadable state (an older format, a manual edit) starts afresh. */
export function createDialogueStore(db: Db): DialogueStore {
  const stateOf = db.select({ state: dialogues.state }).from(dialogues).where(eq(dialogues.buyerId, sql.placeholder('buyerId'))).prepare();
  const upsert = db
    .insert(dialogues)
    .values({ storefrontId: sql.placeholder('storefrontId'), buyerId: sql.placeholder('buyerId'), state: sql.placeholder('state'), updatedAt: sql.placeholder('updatedAt') })
    .onConflictDoUpdate({ target: dialogues.buyerId, set: { state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` } })
    .prepare();
  /** Each loaded state's stored text: an event that changed nothing (most browsing) writes nothing. */
  const storedAs = new WeakMap<DialogueState, string>();
  return {
    load(_storefrontId, buyerId) {
      const row = stateOf.get({ buyerId });
      const state = row ? parseState(row.state) : {};
      if (row) storedAs.set(state, row.state);
      return state;
    },
    save(storefrontId, buyerId, state) {
      const text = JSON.stringify(state);
      if (storedAs.get(state) === text) return;
      upsert.run({ storefrontId, buyerId, state: text, updatedAt: Date.now() });
      storedAs.set(state, text);
    },
  };
}

function parseState(text: string): DialogueState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

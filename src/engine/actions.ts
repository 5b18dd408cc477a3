/**
 * What a button does. Buttons carry short codes with ids only (`p:12`, `add:45`), never names
 * or prices: the engine re-reads everything from the database, so an old button can do no harm.
 */
export type Action =
  | { name: 'home' }
  | { name: 'help' }
  | { name: 'search' }
  | { name: 'search-page'; page: number }
  | { name: 'category'; id: number; page: number }
  /** `from` is where back leads: `c<id>.<page>`, `s<page>` (search), `k<page>` (cart), or empty (the product's category). */
  | { name: 'product'; id: number; sizePage: number; from: string }
  | { name: 'add'; variantId: number }
  | { name: 'cart'; page: number }
  | { name: 'cart-item'; id: number }
  | { name: 'cart-inc'; id: number }
  | { name: 'cart-dec'; id: number }
  | { name: 'cart-remove'; id: number }
  | { name: 'checkout' }
  | { name: 'checkout-reuse' }
  | { name: 'checkout-new' }
  | { name: 'checkout-keep' }
  | { name: 'checkout-profile-name' }
  | { name: 'checkout-skip' }
  | { name: 'checkout-back' }
  | { name: 'checkout-cancel' }
  | { name: 'checkout-edit' }
  | { name: 'checkout-field'; field: number }
  | { name: 'checkout-confirm'; key: string }
  /** The buyer agrees to the personal-data notice (then the checkout goes on) or not now. */
  | { name: 'pd-agree' }
  | { name: 'pd-decline' }
  /** Confirms /forget. */
  | { name: 'forget-yes' }
  | { name: 'ask' }
  | { name: 'ask-end' }
  | { name: 'orders'; page: number }
  | { name: 'order'; id: number }
  /** A size in stock instead of one the warehouse ran out of. */
  | { name: 'order-swap'; id: number; item: number; variantId: number }
  | { name: 'order-cancel'; id: number }
  | { name: 'order-cancel-yes'; id: number }
  // Staff: every one of these checks the sender's role again.
  | { name: 'admin' }
  | { name: 'admin-find' }
  | { name: 'admin-product'; id: number }
  | { name: 'admin-toggle-hidden'; id: number }
  | { name: 'admin-toggle-top'; id: number }
  | { name: 'admin-orders'; status: number; page: number }
  | { name: 'admin-order'; id: number }
  | { name: 'admin-confirm'; id: number }
  | { name: 'admin-cancel'; id: number }
  | { name: 'admin-cancel-reason'; id: number; reason: number }
  /** Sends a hand-off the warehouse refused (or could not check) once more. */
  | { name: 'admin-handoff-retry'; id: number }
  /** Sends an order the warehouse said it cannot fill to the warehouse again as it is (the warehouse was wrong). */
  | { name: 'admin-resend'; id: number }
  | { name: 'admin-reply'; buyerId: number }
  /** Earnings of a month (`yyyymm`), as text or (csv = 1) as a file. */
  | { name: 'admin-earnings'; month: number; csv: number }
  /** Warehouse: a stage of an order reported from the warehouse chat (see warehouseSteps). */
  | { name: 'wh'; id: number; step: number; arg: number };

type Name = Action['name'];
type Codec = { code: string; fields: string[] };

// code → action name and the order of its fields. Codes are short: callback_data is 64 bytes.
const codecs: Record<Name, Codec> = {
  home: { code: 'h', fields: [] },
  help: { code: 'hlp', fields: [] },
  search: { code: 's', fields: [] },
  'search-page': { code: 'sp', fields: ['page'] },
  category: { code: 'c', fields: ['id', 'page'] },
  product: { code: 'p', fields: ['id', 'sizePage', 'from'] },
  add: { code: 'a', fields: ['variantId'] },
  cart: { code: 'k', fields: ['page'] },
  'cart-item': { code: 'ki', fields: ['id'] },
  'cart-inc': { code: 'k+', fields: ['id'] },
  'cart-dec': { code: 'k-', fields: ['id'] },
  'cart-remove': { code: 'kx', fields: ['id'] },
  checkout: { code: 'o', fields: [] },
  'checkout-reuse': { code: 'or', fields: [] },
  'checkout-new': { code: 'on', fields: [] },
  'checkout-keep': { code: 'ok', fields: [] },
  'checkout-profile-name': { code: 'op', fields: [] },
  'checkout-skip': { code: 'os', fields: [] },
  'checkout-back': { code: 'ob', fields: [] },
  'checkout-cancel': { code: 'ox', fields: [] },
  'checkout-edit': { code: 'oe', fields: [] },
  'checkout-field': { code: 'of', fields: ['field'] },
  'checkout-confirm': { code: 'oc', fields: ['key'] },
  'pd-agree': { code: 'ca', fields: [] },
  'pd-decline': { code: 'cd', fields: [] },
  'forget-yes': { code: 'fy', fields: [] },
  ask: { code: 'q', fields: [] },
  'ask-end': { code: 'qx', fields: [] },
  orders: { code: 'm', fields: ['page'] },
  order: { code: 'mo', fields: ['id'] },
  'order-swap': { code: 'mw', fields: ['id', 'item', 'variantId'] },
  'order-cancel': { code: 'mx', fields: ['id'] },
  'order-cancel-yes': { code: 'my', fields: ['id'] },
  admin: { code: 'x', fields: [] },
  'admin-find': { code: 'xf', fields: [] },
  'admin-product': { code: 'xp', fields: ['id'] },
  'admin-toggle-hidden': { code: 'xh', fields: ['id'] },
  'admin-toggle-top': { code: 'xt', fields: ['id'] },
  'admin-orders': { code: 'xo', fields: ['status', 'page'] },
  'admin-order': { code: 'xd', fields: ['id'] },
  'admin-confirm': { code: 'xc', fields: ['id'] },
  'admin-cancel': { code: 'xx', fields: ['id'] },
  'admin-cancel-reason': { code: 'xr', fields: ['id', 'reason'] },
  'admin-handoff-retry': { code: 'xs', fields: ['id'] },
  'admin-resend': { code: 'xz', fields: ['id'] },
  'admin-reply': { code: 'xa', fields: ['buyerId'] },
  'admin-earnings': { code: 'xe', fields: ['month', 'csv'] },
  wh: { code: 'w', fields: ['id', 'step', 'arg'] },
};

const byCode = new Map(Object.entries(codecs).map(([name, c]) => [c.code, { name: name as Name, ...c }]));

/** Encodes an action as a button payload, e.g. `{name:'product', id:12, sizePage:0}` → `p:12:0`. */
export function encodeAction(action: Action): string {
  const codec = codecs[action.name];
  const values = codec.fields.map((f) => String((action as Record<string, unknown>)[f]));
  return [codec.code, ...values].join(':');
}

/** Decodes a button payload; anything stale, foreign or malformed gives `null`. */
export function decodeAction(data: string): Action | null {
  if (data.length > 64) return null;
  const [code, ...values] = data.split(':');
  const codec = byCode.get(code ?? '');
  if (!codec || values.length !== codec.fields.length) return null;
  const action: Record<string, unknown> = { name: codec.name };
  for (const [i, field] of codec.fields.entries()) {
    const raw = values[i]!;
    if (field === 'key') {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(raw)) return null;
      action[field] = raw;
    } else if (field === 'from') {
      if (!/^(?:c\d{1,12}\.\d{1,4}|s\d{1,4}|k\d{1,4})?$/.test(raw)) return null;
      action[field] = raw;
    } else {
      if (!/^\d{1,12}$/.test(raw)) return null;
      action[field] = Number(raw);
    }
  }
  return action as Action;
}

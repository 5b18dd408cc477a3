import { randomBytes } from 'node:crypto';
import { savedDelivery } from '../../buyers/buyer-service.js';
import { formatPhone, parsePhone } from '../../shared/phone.js';
import type { ScreenContext } from '../context.js';
import type { Checkout, CheckoutField, CheckoutStep } from '../dialogue.js';
import { fitLabel, keyboard, type Button, type Reply } from '../../shared/replies.js';
import { button, catalogButton, homeButton, paragraphs } from './common.js';
import { cartLineText, cartScreen, cartTotals, reopenButtons, reviewCart } from './cart.js';
import { orderPlacedScreen, orderScreen } from './orders.js';
import { autoConfirmActor } from '../../orders/order-effects.js';
import { moveOrder } from '../../orders/order-lifecycle.js';
import { enqueueNewOrderAlerts } from '../order-notices.js';
import { consentScreen, needsConsent } from './personal-data.js';

const sequence: CheckoutStep[] = ['name', 'phone', 'city', 'address', 'comment', 'summary'];
const fields: readonly CheckoutStep[] = ['name', 'phone', 'city', 'address', 'comment'];
const limits: Record<Exclude<CheckoutField, 'phone'>, { min: number; max: number }> = {
  name: { min: 2, max: 100 },
  city: { min: 2, max: 100 },
  address: { min: 5, max: 300 },
  comment: { min: 0, max: 500 },
};

const isField = (step: CheckoutStep): step is CheckoutField => fields.includes(step);

function cancelButton(ctx: ScreenContext): Button {
  return button(ctx, 'btn-checkout-cancel', { name: 'checkout-cancel' });
}

/** Starts checkout, or resumes it where the buyer left off. */
export function startCheckout(ctx: ScreenContext): Reply[] {
  const review = reviewCart(ctx);
  const lines = ctx.services.cart.lines(ctx.storefront.id, ctx.buyer.id);
  if (lines.length === 0) {
    return [
      {
        text: paragraphs(review.notes.map((n) => `⚠️ ${n}`).join('\n'), ctx.t('checkout-empty-cart')),
        buttons: keyboard([...reopenButtons(ctx, review), [catalogButton(ctx), homeButton(ctx)]]),
      },
    ];
  }
  // The cart changed since the buyer looked at it: show what changed before asking anything.
  if (review.notes.length > 0) return cartScreen(ctx, 0, review.notes.map((n) => `⚠️ ${n}`));
  // Nothing personal is asked before the buyer agreed to the current notice.
  if (needsConsent(ctx)) return consentScreen(ctx);
  let checkout = ctx.state.checkout;
  if (!checkout) {
    checkout = {
      key: randomBytes(6).toString('base64url'),
      step: savedDelivery(ctx.buyer) ? 'reuse' : 'name',
      draft: {},
    };
    ctx.state.checkout = checkout;
  }
  return ask(ctx, checkout);
}

/** Shows the question or screen of the checkout's current step. */
function ask(ctx: ScreenContext, checkout: Checkout, note?: string): Reply[] {
  ctx.state.awaiting = isField(checkout.step);
  const step = checkout.step;
  const noteText = note && `⚠️ ${note}`;
  if (step === 'summary') return summaryScreen(ctx, checkout, note ? [note] : []);
  if (step === 'reuse') {
    const saved = savedDelivery(ctx.buyer)!;
    return [
      {
        text: paragraphs(noteText, ctx.t('checkout-reuse', { ...saved, phone: formatPhone(saved.phone) })),
        buttons: keyboard([
          [button(ctx, 'btn-checkout-reuse', { name: 'checkout-reuse' })],
          [button(ctx, 'btn-checkout-new', { name: 'checkout-new' })],
          [button(ctx, 'btn-back', { name: 'checkout-back' }), cancelButton(ctx)],
        ]),
      },
    ];
  }
  const current = checkout.draft[step];
  const keep: Button | false =
    current !== undefined &&
    current !== '' &&
    button(ctx, 'btn-checkout-keep', { name: 'checkout-keep' }, { value: step === 'phone' ? formatPhone(current) : current });
  const stepNo = sequence.indexOf(step) + 1;
  // Only Telegram has a "share my number" button; elsewhere the prompt asks to type it.
  const prompt = step === 'phone' && ctx.buyer.channel !== 'telegram' ? 'checkout-ask-phone-typed' : `checkout-ask-${step}`;
  const text = paragraphs(noteText, ctx.t(prompt, { step: stepNo, steps: fields.length }));
  const back = button(ctx, 'btn-back', { name: 'checkout-back' });
  if (step === 'phone') {
    // A reply keyboard: the only way Telegram offers "share my number". Its other buttons come
    // back as typed text, which the engine maps to their actions.
    return [
      {
        text,
        buttons: keyboard([
          [{ label: fitLabel(ctx.t('btn-share-phone')), requestContact: true }],
          [keep],
          [back, cancelButton(ctx)],
        ]),
      },
    ];
  }
  // The messenger's name is offered only when it would pass as a name (no emoji, no digits).
  const profileName =
    step === 'name' && ctx.profileName && ctx.profileName !== current && validate(ctx, 'name', ctx.profileName).ok
      ? button(ctx, 'btn-checkout-profile-name', { name: 'checkout-profile-name' }, { value: ctx.profileName })
      : false;
  const skip = step === 'comment' && button(ctx, 'btn-checkout-skip', { name: 'checkout-skip' });
  return [{ text, buttons: keyboard([[profileName], [keep], [skip], [back, cancelButton(ctx)]]) }];
}

type Validation = { ok: true; value: string } | { ok: false; error: string };

function validate(ctx: ScreenContext, field: CheckoutField, raw: string, fromContact = false): Validation {
  if (field === 'phone') {
    const phone = parsePhone(raw, ctx.phoneRegion, { fromContact });
    return phone.ok ? { ok: true, value: phone.e164 } : { ok: false, error: ctx.t(`phone-error-${phone.problem}`) };
  }
  const value = raw.replace(/\s+/g, ' ').trim();
  const { min, max } = limits[field];
  const length = [...value].length;
  // A long comment is kept, shortened; a long name or address is more likely a mistake.
  if (field === 'comment') return { ok: true, value: [...value].slice(0, max).join('') };
  if (length > max) return { ok: false, error: ctx.t('checkout-error-too-long', { max: String(max), length }) };
  const letters = value.match(/\p{L}/gu)?.length ?? 0;
  const plausible =
    field === 'name'
      ? letters >= 2 && /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u.test(value)
      : field === 'city'
        ? letters >= 2
        : length >= min && /[\p{L}\p{N}]/u.test(value);
  return plausible ? { ok: true, value } : { ok: false, error: ctx.t(`checkout-error-${field}`) };
}

/** Moves on to the next step; a correction made from the summary goes straight back to it. */
function advance(ctx: ScreenContext, checkout: Checkout, prefix: Reply[] = []): Reply[] {
  checkout.step = checkout.returnToSummary ? 'summary' : sequence[sequence.indexOf(checkout.step) + 1]!;
  if (checkout.step === 'summary') checkout.returnToSummary = false;
  return [...prefix, ...ask(ctx, checkout)];
}

/** The field buttons of "change details": one tap to the answer to correct. */
function editMenu(ctx: ScreenContext): Reply[] {
  ctx.state.awaiting = false;
  const field = (i: number) => button(ctx, `btn-field-${fields[i]}`, { name: 'checkout-field', field: i });
  return [
    {
      text: ctx.t('checkout-edit-which'),
      buttons: keyboard([[field(0), field(1)], [field(2), field(3)], [field(4)], [button(ctx, 'btn-back', { name: 'checkout-back' })]]),
    },
  ];
}

/** Asks one answer again from the summary, then returns to it. */
export function editCheckoutField(ctx: ScreenContext, index: number): Reply[] {
  if (needsConsent(ctx)) return consentScreen(ctx);
  const checkout = ctx.state.checkout;
  const field = fields[index];
  if (!checkout || !field) return startCheckout(ctx);
  checkout.step = field;
  checkout.returnToSummary = true;
  return ask(ctx, checkout);
}

/** A typed answer (or shared contact) to the question the checkout is waiting on. */
export function answerCheckout(ctx: ScreenContext, text: string, fromContact = false): Reply[] {
  const checkout = ctx.state.checkout;
  if (!checkout) return startCheckout(ctx);
  // A checkout begun before the notice changed (or before consent existed): the answer is not kept until they agree.
  if (needsConsent(ctx)) return consentScreen(ctx);
  if (!isField(checkout.step)) return ask(ctx, checkout);
  if (fromContact && checkout.step !== 'phone') {
    // A contact shared at another question is still a phone number: keep it for later.
    const phone = validate(ctx, 'phone', text, true);
    if (phone.ok) checkout.draft.phone = phone.value;
    return ask(ctx, checkout);
  }
  const field = checkout.step;
  const result = validate(ctx, field, text, fromContact);
  if (!result.ok) return ask(ctx, checkout, result.error);
  const shortened: Reply[] =
    field === 'comment' && [...text.replace(/\s+/g, ' ').trim()].length > limits.comment.max
      ? [{ text: `⚠️ ${ctx.t('checkout-comment-shortened', { max: String(limits.comment.max) })}` }]
      : [];
  if (field === 'comment') {
    checkout.draft.comment = result.value || undefined;
    checkout.draft.commentDone = true;
  } else {
    checkout.draft[field] = result.value;
  }
  const ack: Reply[] = field === 'phone' ? [{ text: ctx.t('checkout-phone-saved', { phone: formatPhone(result.value) }) }] : shortened;
  return advance(ctx, checkout, ack);
}

/** Handles the checkout's own buttons. */
export function checkoutAction(
  ctx: ScreenContext,
  name: 'checkout-reuse' | 'checkout-new' | 'checkout-keep' | 'checkout-profile-name' | 'checkout-skip' | 'checkout-back' | 'checkout-cancel' | 'checkout-edit',
): Reply[] {
  const checkout = ctx.state.checkout;
  if (!checkout) return startCheckout(ctx);
  if (name !== 'checkout-cancel' && needsConsent(ctx)) return consentScreen(ctx);
  switch (name) {
    case 'checkout-cancel':
      delete ctx.state.checkout;
      ctx.state.awaiting = false;
      return [
        {
          text: ctx.t('checkout-cancelled'),
          buttons: keyboard([[button(ctx, 'btn-cart', { name: 'cart', page: 0 }, { count: ctx.services.cart.count(ctx.storefront.id, ctx.buyer.id) }), homeButton(ctx)]]),
        },
      ];
    case 'checkout-back': {
      if (checkout.returnToSummary || checkout.step === 'summary') {
        checkout.returnToSummary = false;
        checkout.step = 'summary';
        return ask(ctx, checkout);
      }
      const index = sequence.indexOf(checkout.step);
      if (index <= 0) {
        ctx.state.awaiting = false;
        return cartScreen(ctx);
      }
      checkout.step = sequence[index - 1]!;
      return ask(ctx, checkout);
    }
    case 'checkout-reuse': {
      const saved = savedDelivery(ctx.buyer);
      if (!saved || checkout.step !== 'reuse') return ask(ctx, checkout);
      checkout.draft = { ...checkout.draft, ...saved };
      checkout.step = 'comment';
      return ask(ctx, checkout);
    }
    case 'checkout-new':
      // The saved answers stay as "keep" buttons: changing only the address is two taps and one line.
      checkout.draft = { ...savedDelivery(ctx.buyer), ...checkout.draft };
      checkout.step = 'name';
      return ask(ctx, checkout);
    case 'checkout-edit':
      return editMenu(ctx);
    case 'checkout-keep':
      if (!isField(checkout.step) || checkout.draft[checkout.step] === undefined) return ask(ctx, checkout);
      if (checkout.step === 'comment') checkout.draft.commentDone = true;
      return advance(ctx, checkout);
    case 'checkout-profile-name':
      if (checkout.step !== 'name' || !ctx.profileName) return ask(ctx, checkout);
      return answerCheckout(ctx, ctx.profileName);
    case 'checkout-skip':
      if (checkout.step !== 'comment') return ask(ctx, checkout);
      checkout.draft.comment = undefined;
      checkout.draft.commentDone = true;
      return advance(ctx, checkout);
  }
}

/** Items, total, delivery details and the cash-on-delivery terms, with the button that places the order. */
function summaryScreen(ctx: ScreenContext, checkout: Checkout, notes: string[] = []): Reply[] {
  const review = reviewCart(ctx);
  const allNotes = [...notes, ...review.notes].map((n) => `⚠️ ${n}`).join('\n');
  const lines = ctx.services.cart.lines(ctx.storefront.id, ctx.buyer.id);
  if (lines.length === 0) {
    ctx.state.awaiting = false;
    return [
      {
        text: paragraphs(allNotes, ctx.t('checkout-empty-cart')),
        buttons: keyboard([...reopenButtons(ctx, review), [catalogButton(ctx), homeButton(ctx)]]),
      },
    ];
  }
  const { draft } = checkout;
  // Fields can be missing if the summary was reached oddly (an old button): ask for the first one.
  const missing = (['name', 'phone', 'city', 'address'] as const).find((f) => !draft[f]);
  if (missing) {
    checkout.step = missing;
    return ask(ctx, checkout);
  }
  checkout.step = 'summary';
  checkout.summary = lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, price: l.price }));
  const { count, total } = cartTotals(lines);
  const text = paragraphs(
    allNotes,
    ctx.t('checkout-summary-title'),
    lines.map((l, i) => cartLineText(ctx, l, i)).join('\n'),
    ctx.t('cart-total', { count, total: ctx.money(total) }),
    ctx.t('checkout-summary-delivery', {
      name: draft.name!,
      phone: formatPhone(draft.phone!),
      city: draft.city!,
      address: draft.address!,
    }),
    draft.comment && ctx.t('checkout-summary-comment', { comment: draft.comment }),
    ctx.t('checkout-terms'),
  );
  return [
    {
      text,
      buttons: keyboard([
        [button(ctx, 'btn-checkout-confirm', { name: 'checkout-confirm', key: checkout.key })],
        ...reopenButtons(ctx, review).slice(0, 1),
        [button(ctx, 'btn-checkout-edit', { name: 'checkout-edit' }), button(ctx, 'btn-cart', { name: 'cart', page: 0 }, { count })],
        [cancelButton(ctx)],
      ]),
    },
  ];
}

/** "Confirm": places the order exactly once, or explains what changed and asks again. */
export function confirmCheckout(ctx: ScreenContext, key: string): Reply[] {
  const checkout = ctx.state.checkout;
  const { orders } = ctx.services;
  if (!checkout || checkout.key !== key) {
    const placed = orders.byCheckoutKey(ctx.storefront.id, key);
    if (placed) return orderScreen(ctx, placed.id, ctx.t('checkout-already-placed', { number: String(placed.number) }));
    return checkout ? ask(ctx, checkout) : cartScreen(ctx, 0, [ctx.t('stale-button')]);
  }
  if (needsConsent(ctx)) return consentScreen(ctx);
  const { draft } = checkout;
  if (checkout.step !== 'summary' || !checkout.summary || !draft.name || !draft.phone || !draft.city || !draft.address) {
    return ask(ctx, checkout);
  }
  const result = orders.placeOrder({
    storefrontId: ctx.storefront.id,
    buyer: ctx.buyer,
    delivery: { name: draft.name, phone: draft.phone, city: draft.city, address: draft.address },
    comment: draft.comment,
    checkoutKey: key,
    expected: checkout.summary,
  });
  if (!result.ok) {
    // Something changed between the summary and the tap: show the new summary with what changed.
    return summaryScreen(ctx, checkout, [ctx.t('checkout-changed')]);
  }
  delete ctx.state.checkout;
  ctx.state.awaiting = false;
  let order = result.order;
  if (!result.duplicate) {
    if (ctx.storefront.autoConfirm) {
      moveOrder(ctx.services.db, { storefrontId: ctx.storefront.id, orderId: order.id, to: 'confirmed', actor: autoConfirmActor });
      order = { ...order, status: 'confirmed' };
    }
    // In the event's transaction: the order and its alerts to each staff member commit together.
    enqueueNewOrderAlerts(ctx.services.db, order);
  }
  return orderPlacedScreen(ctx, order);
}

import type { FeedFetchPolicy } from '../catalog/import/feed-fetch-guard.js';
import { ensureBuyer, findBuyer, markUnreachable } from '../buyers/buyer-service.js';
import { isHq, rememberStaffChat, roleIn } from '../franchise/staff-service.js';
import { createCartService } from '../cart/cart-service.js';
import { createCatalogService } from '../catalog/catalog-service.js';
import type { SearchHits } from '../catalog/search-hits.js';
import type { SearchRunner } from '../catalog/search-runner.js';
import { createSearchCache, searchKey } from '../catalog/search-cache.js';
import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { createOrderService } from '../orders/order-service.js';
import { watchOutboxWrites } from '../outbox/outbox.js';
import type { Logger } from '../shared/logger.js';
import { formatMoney } from '../shared/money.js';
import { defaultStorefrontSlug, getStorefront } from '../storefronts/storefront-service.js';
import { decodeAction, type Action } from './actions.js';
import type { ScreenContext, Services } from './context.js';
import type { StorefrontBots } from './storefront-bots.js';
import { createCommitBatch } from './commit-batch.js';
import { createConversationLock } from './conversation-lock.js';
import { createDialogueStore } from './dialogue.js';
import { createProcessedEvents } from './processed-events.js';
import { planSearch } from './search-plan.js';
import { pickLocale, type InboundEvent } from './events.js';
import type { Channel, ConversationRef } from '../shared/conversation.js';
import type { I18n } from '../shared/i18n.js';
import { keyboard, type Reply } from '../shared/replies.js';
import { categoryScreen } from './screens/catalog.js';
import { addToCart, productScreen } from './screens/product.js';
import { cartItemScreen, cartScreen, changeQuantity, removeLine } from './screens/cart.js';
import { answerCheckout, checkoutAction, confirmCheckout, editCheckoutField, startCheckout } from './screens/checkout.js';
import { helpScreen, homeScreen, staleButtonScreen, unsupportedScreen } from './screens/home.js';
import { awaitsTracking, warehouseStep, warehouseTracking } from './screens/warehouse.js';
import { askCancelMyOrder, cancelMyOrder, orderScreen, ordersScreen, swapSizeScreen } from './screens/orders.js';
import { searchPromptScreen, searchScreen } from './screens/search.js';
import { homeButton } from './screens/common.js';
import { joinWithCode } from './screens/admin/hq.js';
import { connectBot } from './screens/admin/connect-bot.js';
import { askSellerScreen, endAskScreen, forwardToSeller } from './screens/seller-chat.js';
import { staffAction, staffCommand, staffPhoto, staffText } from './screens/admin/staff-commands.js';
import { agreeToNotice, askForgetScreen, declineNotice, forgetScreen, myDataScreen } from './screens/personal-data.js';
import { createCatalogAdmin } from '../catalog/catalog-admin.js';
import { createStorefrontSettings } from '../storefronts/storefront-settings.js';
import { createStaffService } from '../franchise/staff-service.js';
import { createEarningsService } from '../settlement/earnings.js';
import { createStaffOrderQueries } from '../orders/staff-order-queries.js';
import { createTextOutbox } from '../outbox/text-outbox.js';

/** What the engine needs. */
export interface EngineDeps {
  /** Franchisee bots connected from chat; without it, /connect explains that it is unavailable. */
  bots?: StorefrontBots;
  /**
   * Present when orders go to the warehouse through a chat (`warehouse-chat`): the warehouse
   * staff's group, or none, when the franchisor's staff report stages from their own chats.
   */
  warehouse?: { chat?: { channel: Channel; chatId: string } };
  /**
   * Runs buyers' searches off the event loop (the search worker); without it they run inside the
   * event's transaction, as they must on an in-memory database.
   */
  searcher?: SearchRunner;
  /** Told after an event that wrote to the outbox (hand-offs, status messages), so they go out at once. */
  outbox?: { kick(): void };
  db: Db;
  i18n: I18n;
  logger: Logger;
  /** Region for phone numbers typed without a country code, e.g. `RU`. */
  phoneRegion: string;
  /** How many days an order usually takes to arrive, told to the buyer when they order (3–7 by default). */
  deliveryDays?: { min: number; max: number };
  /** Staff invites: how long a code can be redeemed (72 hours by default); `now` is the clock (tests). */
  staff?: { inviteTtlHours?: number; now?: () => number };
  /** Where a chat `/import <url>` may fetch from and how large a feed may be; public hosts and 500 MB by default. */
  feedFetch?: FeedFetchPolicy;
  /** After how many minutes an unanswered question to the seller reminds the staff (15 by default). */
  replyReminderMinutes?: number;
}

/** The conversation engine: one inbound event in, the replies to show out. */
export interface Engine {
  /** Handles an event; a repeat of an event id already handled gives no replies. */
  handle(event: InboundEvent): Promise<Reply[]>;
  /** The messenger refused to deliver to this person (blocked the bot, VK 901): stop writing to them. */
  markUnreachable(ref: ConversationRef): void;
}

/** Creates the engine. Events of one conversation are handled strictly one at a time. */
export function createEngine(deps: EngineDeps): Engine {
  const { db, i18n, logger } = deps;
  const catalog = createCatalogService(db);
  const cart = createCartService(db, catalog);
  const services: Services = {
    db,
    catalog,
    cart,
    orders: createOrderService(db, cart),
    catalogAdmin: createCatalogAdmin(db),
    storefronts: createStorefrontSettings(db),
    staff: createStaffService(db),
    earnings: createEarningsService(db),
    staffOrders: createStaffOrderQueries(db),
    texts: createTextOutbox(db),
  };
  const dialogues = createDialogueStore(db);
  const lock = createConversationLock();
  const processed = createProcessedEvents(db);
  const commits = createCommitBatch(db);
  const searches = createSearchCache();
  const outboxWrites = deps.outbox && watchOutboxWrites(db);

  /**
   * The HQ bot: the default storefront's. Only there do franchisor staff and the warehouse act; a
   * franchisee's own bot shares chat ids with it (VK numbers every community's chats from 2000000001).
   */
  function isHqBot(storefrontId: number): boolean {
    return getStorefront(db, storefrontId)?.slug === defaultStorefrontSlug;
  }

  /** A group chat: only the warehouse chat, reached through the HQ bot, is served there; everything else is ignored. */
  function isWarehouseChat(ref: ConversationRef): boolean {
    const chat = deps.warehouse?.chat;
    return Boolean(chat && chat.channel === ref.channel && chat.chatId === ref.chatId && isHqBot(ref.storefrontId));
  }

  type Handled = { replies: Reply[]; background: ScreenContext['background'] };
  /** The search worker's answer to the search planned for an event, under its cache key. */
  type FoundSearch = { key: string; hits: SearchHits };

  /**
   * Handles an event inside a write transaction (shared with the events that arrived alongside
   * it, see {@link createCommitBatch}): the event's claim, buyer, screen writes and dialogue land
   * together or not at all, and its answer goes out only once they are committed.
   */
  function handleInTransaction(inbound: InboundEvent, found: FoundSearch | undefined): Handled {
    const group = inbound.ref.chatId !== inbound.ref.userId;
    // In a group the chat itself is the participant (its dialogue, its language); the presser is the actor.
    const event: InboundEvent = group ? { ...inbound, ref: { ...inbound.ref, userId: inbound.ref.chatId } } : inbound;
    const storefront = getStorefront(db, event.ref.storefrontId);
    if (!storefront) {
      logger.warn({ storefrontId: event.ref.storefrontId }, 'event for an unknown storefront dropped');
      return { replies: [], background: [] };
    }
    if (!processed.claim(storefront.id, event.eventId)) {
      logger.info({ eventId: event.eventId }, 'repeated update skipped');
      return { replies: [], background: [] };
    }
    const role = group ? undefined : roleIn(db, storefront.id, event.ref);
    // An HQ account writing to a franchisee's bot is a buyer there (or that storefront's own staff).
    const hq = group ? false : storefront.slug === defaultStorefrontSlug && isHq(db, event.ref);
    if (role || hq) rememberStaffChat(db, event.ref);
    const warehouse = group ? isWarehouseChat(event.ref) : hq && deps.warehouse !== undefined && !deps.warehouse.chat;
    // Some events carry no language (a VK button press): the buyer's last known one stays.
    // A group keeps one language (the cards are posted in it), whoever's phone pressed last.
    const hint = group ? undefined : event.localeHint;
    const buyer = ensureBuyer(db, event.ref, hint ? pickLocale(hint) : undefined, event.profileName);
    const locale = buyer.locale;
    const state = dialogues.load(storefront.id, buyer.id);
    const dates = dateFormat(locale, storefront.timeZone);
    const ctx: ScreenContext = {
      bots: deps.bots,
      ref: event.ref,
      role,
      hq,
      warehouse,
      actorId: group ? inbound.ref.userId : undefined,
      i18n,
      logger,
      background: [],
      storefront,
      buyer,
      locale,
      t: (id, args) => i18n.t(locale, id, args),
      money: (k) => formatMoney(k, locale),
      date: (ms) => dates.format(new Date(ms)),
      state,
      services,
      search(query, offset, limit) {
        const request = services.catalog.searchRequest(storefront.id, query, offset, limit);
        // The planned search's answer even if the catalog changed since (the page drops products
        // hidden meanwhile); the cache only while the catalog holds; else the search runs here.
        const planned = found && found.key === searchKey(request) ? found.hits : undefined;
        const hits = planned ?? searches.get(request, services.catalog.searchRevision());
        if (hits) return services.catalog.searchPage(storefront.id, hits);
        const fresh = services.catalog.findHits(request);
        searches.set(request, fresh);
        return services.catalog.searchPage(storefront.id, fresh);
      },
      phoneRegion: deps.phoneRegion,
      deliveryDays: deps.deliveryDays ?? { min: 3, max: 7 },
      replyReminderMinutes: deps.replyReminderMinutes ?? 15,
      profileName: event.profileName ?? buyer.profileName ?? undefined,
      inviteTtlHours: deps.staff?.inviteTtlHours ?? 72,
      now: deps.staff?.now ?? Date.now,
      feedFetch: deps.feedFetch,
    };
    const keyboardWasUp = Boolean(state.textButtons);
    let replies: Reply[];
    try {
      // A savepoint: a screen that fails half-way leaves none of its writes behind.
      replies = inTransaction(db, () => (group ? routeWarehouseChat(ctx, event) : route(ctx, event)));
    } catch (error) {
      logger.error({ err: error, eventId: event.eventId, type: event.type }, 'event failed');
      return { replies: [{ text: ctx.t('error-generic'), buttons: keyboard([[homeButton(ctx)]]) }], background: [] };
    }
    replies = finish(ctx, replies, event.type === 'action', keyboardWasUp);
    dialogues.save(storefront.id, buyer.id, state);
    return { replies, background: ctx.background };
  }

  /**
   * Handles an event once. When its screen is expected to search (see {@link planSearch}), the
   * search worker answers first, so neither the event loop nor the write transaction waits for the
   * ranking; the conversation lock keeps the dialogue the plan read until the event runs.
   */
  async function handleWithSearches(event: InboundEvent): Promise<Handled> {
    // Until the worker is up (its first second) and once it is gone, searches run on the loop.
    const found = deps.searcher?.available() ? await searchAhead(event, deps.searcher) : undefined;
    return commits.run(() => handleInTransaction(event, found));
  }

  /** The worker's answer to the event's planned search; none when nothing is planned, the cache holds it, or the worker failed. */
  async function searchAhead(event: InboundEvent, searcher: SearchRunner): Promise<FoundSearch | undefined> {
    const plan = planSearch(event, () => {
      const buyer = findBuyer(db, event.ref);
      return buyer ? dialogues.load(event.ref.storefrontId, buyer.id) : {};
    });
    if (!plan) return undefined;
    const request = services.catalog.searchRequest(event.ref.storefrontId, plan.query, plan.offset, plan.limit);
    if (searches.get(request, services.catalog.searchRevision())) return undefined;
    try {
      const hits = await searcher.find(request);
      // Later events find it in the cache while the catalog holds.
      searches.set(request, hits);
      return { key: searchKey(request), hits };
    } catch (failure) {
      // The worker is gone or failed this search: the event searches on the loop.
      logger.warn({ err: failure }, 'search worker did not answer; searching on the main thread');
      return undefined;
    }
  }

  return {
    handle(event) {
      // Groups other than the warehouse chat are not the storefront's business: no answer, no record.
      if (event.ref.chatId !== event.ref.userId && !isWarehouseChat(event.ref)) return Promise.resolve([]);
      const key = `${event.ref.storefrontId}:${event.ref.channel}:${event.ref.chatId}`;
      return lock.run(key, async () => {
        const { replies, background } = await handleWithSearches(event);
        // Messages to others are outbox rows committed with the event: the worker sends them now.
        if (outboxWrites?.take()) deps.outbox?.kick();
        // Work that outlives the event writes its report to the outbox when it finishes.
        for (const task of background) {
          void task()
            .then(() => deps.outbox?.kick())
            .catch((error: unknown) => logger.error({ err: error }, 'background task failed'));
        }
        return replies;
      });
    },
    markUnreachable(ref) {
      markUnreachable(db, ref);
      logger.info({ channel: ref.channel, storefrontId: ref.storefrontId }, 'buyer cannot be reached; stopped writing to them');
    },
  };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Order dates in the buyer's language and the storefront's time zone; a formatter costs more to build than to use. */
function dateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Shared touches on every answer: the first reply to a button press replaces the pressed
 * message; reply-keyboard buttons are remembered (their presses arrive as text) and the
 * keyboard is taken away once the buyer moves on.
 */
function finish(ctx: ScreenContext, replies: Reply[], fromButton: boolean, keyboardWasUp: boolean): Reply[] {
  const out = replies.map((r, i) => ({ ...r, replace: r.replace ?? (i === 0 && fromButton) }));
  const withKeyboard = out.find((r) => r.buttons?.some((row) => row.some((b) => 'requestContact' in b)));
  if (withKeyboard) {
    ctx.state.textButtons = Object.fromEntries(
      withKeyboard.buttons!.flat().flatMap((b) => ('action' in b ? [[b.label, b.action]] : [])),
    );
    return out;
  }
  delete ctx.state.textButtons;
  if (!keyboardWasUp || out.length === 0) return out;
  return [{ ...out[0]!, removeKeyboard: true }, ...out.slice(1)];
}

/** The warehouse chat: stage buttons and the tracking number; the rest of the chat's talk is not for the bot. */
function routeWarehouseChat(ctx: ScreenContext, event: InboundEvent): Reply[] {
  if (event.type === 'action') {
    const action = decodeAction(event.data);
    return action?.name === 'wh' ? warehouseStep(ctx, action.id, action.step, action.arg) : [];
  }
  if (event.type === 'text' && awaitsTracking(ctx)) return warehouseTracking(ctx, event.text);
  return [];
}

function route(ctx: ScreenContext, event: InboundEvent): Reply[] {
  switch (event.type) {
    case 'start':
      return startScreen(ctx, event.payload);
    case 'command':
      return command(ctx, event.name, event.args);
    case 'action': {
      const action = decodeAction(event.data);
      return action ? act(ctx, action) : staleButtonScreen(ctx);
    }
    case 'text': {
      const pressed = ctx.state.textButtons?.[event.text.trim()];
      const action = pressed ? decodeAction(pressed) : null;
      if (action) return act(ctx, action);
      if (ctx.warehouse && awaitsTracking(ctx)) return warehouseTracking(ctx, event.text);
      const staffReplies = staffText(ctx, event.text);
      if (staffReplies) return staffReplies;
      if (ctx.state.awaiting && ctx.state.checkout) return answerCheckout(ctx, event.text);
      if (ctx.state.askingSeller) return forwardToSeller(ctx, event.text);
      return searchScreen(ctx, event.text);
    }
    case 'contact':
      if (ctx.state.checkout) return answerCheckout(ctx, event.phone, true);
      return homeScreen(ctx, { note: ctx.t('contact-outside-checkout') });
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: a photo that is no staff command is answered like any unread message.
    case 'photo': {
      const staffReplies = staffPhoto(ctx, event.fileRef);
      if (staffReplies) return staffReplies;
    }
    // falls through
    case 'location':
    case 'unsupported':
      if (ctx.state.awaiting && ctx.state.checkout) return startCheckout(ctx).map((r, i) => (i === 0 ? { ...r, text: `${ctx.t('checkout-text-please')}\n\n${r.text}` } : r));
      return unsupportedScreen(ctx);
  }
}

/** `/start` with an optional deep-link payload: `p<productId>` opens a card, `c<categoryId>` a category. */
function startScreen(ctx: ScreenContext, payload: string | undefined): Reply[] {
  ctx.state.awaiting = false;
  if (!payload) return homeScreen(ctx, { greet: true });
  const link = /^([pc])(\d{1,12})$/.exec(payload);
  if (!link) return homeScreen(ctx, { greet: true, note: ctx.t('start-bad-link') });
  const id = Number(link[2]);
  const sf = ctx.storefront.id;
  const exists = link[1] === 'p' ? ctx.services.catalog.product(sf, id) : ctx.services.catalog.category(sf, id)?.productCount;
  if (!exists) return homeScreen(ctx, { greet: true, note: ctx.t(link[1] === 'p' ? 'product-gone-link' : 'category-gone') });
  const greeting: Reply = { text: ctx.t('start-linked-greeting', { shop: ctx.storefront.name }) };
  return [greeting, ...(link[1] === 'p' ? productScreen(ctx, id) : categoryScreen(ctx, id, 0))];
}

function command(ctx: ScreenContext, name: string, args: string): Reply[] {
  delete ctx.state.askingSeller;
  delete ctx.state.replyTo;
  const staffReplies = staffCommand(ctx, name, args);
  if (staffReplies) return staffReplies;
  switch (name) {
    case 'join':
      return joinWithCode(ctx, args);
    case 'connect':
      return connectBot(ctx, args);
    case 'ask':
      return args.trim() ? forwardToSeller(ctx, args) : askSellerScreen(ctx);
    case 'start':
      return startScreen(ctx, args || undefined);
    case 'help':
      ctx.state.awaiting = false;
      return helpScreen(ctx);
    case 'catalog':
      return act(ctx, { name: 'category', id: 0, page: 0 });
    case 'cart':
      return act(ctx, { name: 'cart', page: 0 });
    case 'orders':
      return act(ctx, { name: 'orders', page: 0 });
    case 'search':
      ctx.state.awaiting = false;
      return args.trim() ? searchScreen(ctx, args) : searchPromptScreen(ctx);
    case 'cancel':
      return ctx.state.checkout ? checkoutAction(ctx, 'checkout-cancel') : homeScreen(ctx);
    case 'mydata':
      return myDataScreen(ctx);
    case 'forget':
      return askForgetScreen(ctx);
    default:
      ctx.state.awaiting = false;
      return homeScreen(ctx, { note: ctx.t('unknown-command', { command: `/${name}` }) });
  }
}

function act(ctx: ScreenContext, action: Action): Reply[] {
  if (!action.name.startsWith('checkout')) ctx.state.awaiting = false;
  const staffReplies = staffAction(ctx, action);
  if (staffReplies) return staffReplies;
  if (!action.name.startsWith('admin')) delete ctx.state.cancelOrder;
  if (action.name !== 'ask') delete ctx.state.askingSeller;
  switch (action.name) {
    case 'ask':
      return askSellerScreen(ctx);
    case 'ask-end':
      return endAskScreen(ctx);
    case 'home':
      return homeScreen(ctx);
    case 'help':
      return helpScreen(ctx);
    case 'search':
      return searchPromptScreen(ctx);
    case 'search-page':
      return searchScreen(ctx, undefined, action.page);
    case 'category':
      return categoryScreen(ctx, action.id, action.page);
    case 'product':
      return productScreen(ctx, action.id, action.sizePage, undefined, action.from);
    case 'add':
      return addToCart(ctx, action.variantId);
    case 'cart':
      return cartScreen(ctx, action.page);
    case 'cart-item':
      return cartItemScreen(ctx, action.id);
    case 'cart-inc':
      return changeQuantity(ctx, action.id, 1);
    case 'cart-dec':
      return changeQuantity(ctx, action.id, -1);
    case 'cart-remove':
      return removeLine(ctx, action.id);
    case 'checkout':
      return startCheckout(ctx);
    case 'checkout-confirm':
      return confirmCheckout(ctx, action.key);
    case 'pd-agree':
      return agreeToNotice(ctx, startCheckout);
    case 'pd-decline':
      return declineNotice(ctx);
    case 'forget-yes':
      return forgetScreen(ctx);
    case 'checkout-field':
      return editCheckoutField(ctx, action.field);
    case 'orders':
      return ordersScreen(ctx, action.page);
    case 'order':
      return orderScreen(ctx, action.id);
    case 'wh':
      return ctx.warehouse ? warehouseStep(ctx, action.id, action.step, action.arg) : staleButtonScreen(ctx);
    case 'order-swap':
      return swapSizeScreen(ctx, action.id, action.item, action.variantId);
    case 'order-cancel':
      return askCancelMyOrder(ctx, action.id);
    case 'order-cancel-yes':
      return cancelMyOrder(ctx, action.id);
    case 'checkout-reuse':
    case 'checkout-new':
    case 'checkout-keep':
    case 'checkout-profile-name':
    case 'checkout-skip':
    case 'checkout-back':
    case 'checkout-cancel':
    case 'checkout-edit':
      return checkoutAction(ctx, action.name);
    default:
      return staleButtonScreen(ctx);
  }
}

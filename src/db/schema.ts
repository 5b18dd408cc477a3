import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Timestamps are UTC epoch milliseconds; money is integer kopecks everywhere.
const createdAt = () =>
  integer('created_at', { mode: 'number' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** One franchisee's shop. Every other row belongs to exactly one storefront. */
export const storefronts = sqliteTable(
  'storefronts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('Europe/Moscow'),
    /** Last order number handed out; numbers are per storefront and start at 1001. */
    lastOrderNumber: integer('last_order_number').notNull().default(1000),
    /** The franchisee's markup over wholesale, in percent; null: the franchisor's recommended prices. */
    markupPercent: integer('markup_percent'),
    /** New orders are confirmed without a franchisee's tap. */
    autoConfirm: integer('auto_confirm', { mode: 'boolean' }).notNull().default(false),
    /** The franchisee's own bots, connected from the HQ bot. Secrets: never logged, never shown. */
    telegramToken: text('telegram_token'),
    telegramUsername: text('telegram_username'),
    vkToken: text('vk_token'),
    vkGroupId: integer('vk_group_id'),
    maxToken: text('max_token'),
    /** A paused storefront's bots do not run. */
    paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    /**
     * What Telegram sends with each webhook request to this storefront's bot: random, made on first
     * need, never derived from the token (the franchisee knows it). Secret: never logged, never shown.
     */
    telegramWebhookSecret: text('telegram_webhook_secret'),
  },
  (t) => [uniqueIndex('storefronts_slug_uq').on(t.slug)],
);

/** The franchisor's master catalog: categories, products and sizes, shared by every storefront. */
export const categories = sqliteTable(
  'categories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    parentId: integer('parent_id'),
    /** Stable key from the source (feed id, demo key): re-imports update instead of duplicating. */
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
  },
  (t) => [uniqueIndex('categories_external_uq').on(t.externalId), index('categories_parent_idx').on(t.parentId)],
);

/** A parameter shown on the product card, e.g. colour or material, in the catalog's language. */
export interface ProductParam {
  name: string;
  value: string;
}

export const products = sqliteTable(
  'products',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    categoryId: integer('category_id').references(() => categories.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    params: text('params', { mode: 'json' }).$type<ProductParam[]>().notNull().default(sql`'[]'`),
    pictures: text('pictures', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    /** Recommended retail price when the source gives one (the demo catalog); else the markup rule sets it. */
    price: integer('price'),
    /** The previous price, at the level of `price` (or of the wholesale price when `price` is null). */
    oldPrice: integer('old_price'),
    /** The highest wholesale price of the product's sizes: what retail prices are computed from. */
    wholesalePrice: integer('wholesale_price').notNull().default(0),
    /** Withdrawn from the master catalog (gone from the feed): hidden everywhere, kept for order history. */
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('products_sku_uq').on(t.sku), index('products_category_idx').on(t.categoryId, t.hidden)],
);

/** A size of a product: its own supplier offer and stock (units available for sale). */
export const variants = sqliteTable(
  'variants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    /** Null for one-size items. */
    size: text('size'),
    offerId: text('offer_id').notNull(),
    wholesalePrice: integer('wholesale_price').notNull().default(0),
    stock: integer('stock').notNull().default(0),
    position: integer('position').notNull().default(0),
    /**
     * The warehouse's own count as last known: the feed's number, less units the warehouse has
     * since taken for orders or said it does not have. `stock` is this minus the units reserved
     * by orders the warehouse has not yet taken, never below zero (src/orders/stock-reservations.ts).
     */
    feedStock: integer('feed_stock').notNull().default(0),
  },
  // (product, stock) answers "is any size in stock" from the index alone, for every row a list sorts.
  (t) => [uniqueIndex('variants_offer_uq').on(t.offerId), index('variants_product_stock_idx').on(t.productId, t.stock)],
);

/** A person buying from one storefront through one messenger account. */
export const buyers = sqliteTable(
  'buyers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    channel: text('channel', { enum: ['telegram', 'vk', 'max', 'console'] }).notNull(),
    userId: text('user_id').notNull(),
    chatId: text('chat_id').notNull(),
    locale: text('locale', { enum: ['ru', 'en'] }).notNull().default('ru'),
    profileName: text('profile_name'),
    // Delivery details of the last order, offered again at the next checkout.
    deliveryName: text('delivery_name'),
    deliveryPhone: text('delivery_phone'),
    deliveryCity: text('delivery_city'),
    deliveryAddress: text('delivery_address'),
    /** Set when the messenger refused a message (blocked bot, VK 901); cleared when they write again. */
    unreachableAt: integer('unreachable_at'),
    /**
     * When the buyer last asked to erase their personal data (/forget): their orders placed before
     * it lose name, phone and address as each one finishes, and the messenger name is not kept again.
     */
    forgetRequestedAt: integer('forget_requested_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('buyers_account_uq').on(t.storefrontId, t.channel, t.userId)],
);

export const cartItems = sqliteTable(
  'cart_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => buyers.id),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    /** The unit price the buyer last saw, so a later change can be pointed out. */
    priceSeen: integer('price_seen').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('cart_items_line_uq').on(t.buyerId, t.variantId)],
);

/** Where a buyer is in a conversation (checkout step, draft form, last search), as JSON. */
export const dialogues = sqliteTable(
  'dialogues',
  {
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => buyers.id),
    state: text('state').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.buyerId] })],
);

export type OrderStatus =
  | 'new'
  | 'confirmed'
  | 'sent'
  | 'accepted'
  | 'packed'
  | 'shipped'
  | 'delivered'
  | 'refused'
  | 'returned'
  | 'cancelled'
  | 'needs_attention';

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => buyers.id),
    /** Human-friendly, unique within the storefront. */
    number: integer('number').notNull(),
    status: text('status').$type<OrderStatus>().notNull().default('new'),
    /** The checkout it came from: a second tap on "confirm" finds this order instead of making another. */
    checkoutKey: text('checkout_key').notNull(),
    total: integer('total').notNull(),
    // Where to reach the buyer later (status messages), whatever the messenger.
    channel: text('channel', { enum: ['telegram', 'vk', 'max', 'console'] }).notNull(),
    chatId: text('chat_id').notNull(),
    locale: text('locale', { enum: ['ru', 'en'] }).notNull(),
    deliveryName: text('delivery_name').notNull(),
    deliveryPhone: text('delivery_phone').notNull(),
    deliveryCity: text('delivery_city').notNull(),
    deliveryAddress: text('delivery_address').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    /** When the status last changed: an order with no news for too long is reported as stuck. */
    statusAt: integer('status_at'),
    /** The warehouse's own number once it has taken the order. */
    supplierOrderId: text('supplier_order_id'),
    /** How many times the order was handed to the warehouse (again after a size swap). */
    handoffRound: integer('handoff_round').notNull().default(0),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    /** Cash the courier collected on delivery. */
    codCollected: integer('cod_collected'),
    /** When a "stuck order" notice was last sent, so staff are told once per silence. */
    staleNoticeAt: integer('stale_notice_at'),
    /** When the recipient's name, phone and address were erased (/forget or retention); amounts and items stay. */
    personalDataErasedAt: integer('personal_data_erased_at'),
  },
  (t) => [
    index('orders_status_idx').on(t.status, t.statusAt),
    uniqueIndex('orders_number_uq').on(t.storefrontId, t.number),
    uniqueIndex('orders_checkout_uq').on(t.storefrontId, t.checkoutKey),
    index('orders_buyer_idx').on(t.buyerId, t.createdAt),
  ],
);

/** What was bought, frozen at the moment of the order. */
export const orderItems = sqliteTable(
  'order_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    offerId: text('offer_id').notNull(),
    name: text('name').notNull(),
    size: text('size'),
    quantity: integer('quantity').notNull(),
    price: integer('price').notNull(),
    wholesalePrice: integer('wholesale_price').notNull(),
    /**
     * Units of this item held against the warehouse's count: the quantity while the warehouse
     * has not yet taken the order, 0 once it has (or cancelled, or said it cannot fill it).
     */
    reserved: integer('reserved').notNull().default(0),
  },
  // The partial index answers "units reserved of a variant" from the few open items only.
  (t) => [index('order_items_order_idx').on(t.orderId), index('order_items_reserved_idx').on(t.variantId).where(sql`${t.reserved} > 0`)],
);

export const orderHistory = sqliteTable(
  'order_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    at: integer('at').notNull(),
    /** Who or what made the change: `buyer:<id>`, `staff:<id>`, `system`, `supplier`. */
    actor: text('actor').notNull(),
    fromStatus: text('from_status').$type<OrderStatus>(),
    toStatus: text('to_status').$type<OrderStatus>().notNull(),
    note: text('note'),
  },
  (t) => [index('order_history_order_idx').on(t.orderId, t.at)],
);

/**
 * Inbound updates already handled, so a platform's redelivery (webhook retry, long-poll replay)
 * is not handled twice. Old rows are pruned; platforms redeliver within minutes, not days.
 */
export const processedEvents = sqliteTable(
  'processed_events',
  {
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    eventId: text('event_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storefrontId, t.eventId] }), index('processed_events_at_idx').on(t.at)],
);

/**
 * Pictures already uploaded to a messenger, by their source URL: VK wants a photo uploaded once
 * and then referred to by its attachment string.
 */
export const mediaCache = sqliteTable(
  'media_cache',
  {
    /** Whose upload it is, e.g. `vk:229876543` (uploads belong to one community). */
    owner: text('owner').notNull(),
    url: text('url').notNull(),
    /** The messenger's reference, e.g. `photo-229876543_457239017_ab12cd`. */
    ref: text('ref').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.url] })],
);

/**
 * The franchisor's price rules, one row (id 1): the recommended retail markup over wholesale and
 * the minimum a franchisee may charge, both in percent.
 */
export const franchiseSettings = sqliteTable('franchise_settings', {
  id: integer('id').primaryKey(),
  recommendedMarkupPercent: integer('recommended_markup_percent').notNull().default(100),
  minMarkupPercent: integer('min_markup_percent').notNull().default(30),
  /** The franchisor's share of each delivered order's retail total, in percent (ROYALTY_PERCENT). */
  royaltyPercent: integer('royalty_percent').notNull().default(5),
  /** Charged to the franchisee when a buyer refuses an order at delivery (RETURN_FEE_RUB), kopecks. */
  returnFee: integer('return_fee').notNull().default(0),
});

/** A storefront's own take on a master-catalog product: hidden, its price, a bestseller, its own photo or text. */
export const storefrontProducts = sqliteTable(
  'storefront_products',
  {
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    /** Retail price in kopecks set by the franchisee; never below the franchisor's minimum. */
    price: integer('price'),
    bestseller: integer('bestseller', { mode: 'boolean' }).notNull().default(false),
    /** The franchisee's own picture (URL or messenger file id) and description. */
    photo: text('photo'),
    description: text('description'),
  },
  (t) => [primaryKey({ columns: [t.storefrontId, t.productId] })],
);

/** A master-catalog category a storefront has hidden (with everything in it). */
export const storefrontCategories = sqliteTable(
  'storefront_categories',
  {
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.storefrontId, t.categoryId] })],
);

/**
 * One row whose `revision` the triggers of migration 0012 bump whenever what a storefront shows
 * could change (products added, withdrawn or moved; categories; a storefront hiding something),
 * from any process, to a new random value. Caches of the category tree compare it instead of recounting products.
 */
export const catalogRevision = sqliteTable('catalog_revision', {
  id: integer('id').primaryKey(),
  revision: integer('revision').notNull().default(0),
});

/**
 * A revision per product list (a category's own products; `list` -1 is the products with no
 * category), bumped by the triggers of migration 0014 to a new random value when the list may
 * sort differently: a product selling out of its last size or coming back, a product moved in
 * it. A sale then re-sorts only the list of the product that sold out.
 */
export const listRevisions = sqliteTable('list_revisions', {
  list: integer('list').primaryKey(),
  revision: integer('revision').notNull(),
});

/**
 * One row whose `revision` changes to a new random value whenever a search could find or rank
 * differently: the catalog revision or a list revision changing (triggers of migration 0015), or
 * the search index rewritten (`reindexProducts`). The engine's cache of search results compares it.
 */
export const searchRevision = sqliteTable('search_revision', {
  id: integer('id').primaryKey(),
  revision: integer('revision').notNull().default(0),
});

/** Who may manage what: franchisor staff (`hq`, no storefront) and a storefront's `owner` and `manager`s. */
export type StaffRole = 'hq' | 'owner' | 'manager';

/** Staff members, identified by their messenger accounts. */
export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Null for franchisor (HQ) staff. */
    storefrontId: integer('storefront_id').references(() => storefronts.id),
    role: text('role').$type<StaffRole>().notNull(),
    channel: text('channel', { enum: ['telegram', 'vk', 'max', 'console'] }).notNull(),
    userId: text('user_id').notNull(),
    /** Where to reach them with notifications (new orders); known once they have written to the bot. */
    chatId: text('chat_id'),
    createdAt: createdAt(),
  },
  (t) => [index('staff_account_idx').on(t.channel, t.userId)],
);

/** One-time codes with which a franchisee joins a storefront as its owner (or a manager). */
export const invites = sqliteTable('invites', {
  code: text('code').primaryKey(),
  storefrontId: integer('storefront_id')
    .notNull()
    .references(() => storefronts.id),
  role: text('role').$type<StaffRole>().notNull(),
  createdAt: createdAt(),
  usedAt: integer('used_at'),
});

/** Wrong `/join` codes an account sent, kept an hour: past a few, codes are not even looked at (guessing). */
export const joinFailures = sqliteTable(
  'join_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: ['telegram', 'vk', 'max', 'console'] }).notNull(),
    userId: text('user_id').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('join_failures_account_idx').on(t.channel, t.userId, t.at)],
);

/** A buyer's question to the seller, for the time to first answer and reminders. */
export const sellerQuestions = sqliteTable(
  'seller_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => buyers.id),
    askedAt: integer('asked_at').notNull(),
    answeredAt: integer('answered_at'),
    remindedAt: integer('reminded_at'),
  },
  (t) => [index('seller_questions_open_idx').on(t.storefrontId, t.answeredAt)],
);

/**
 * What the outbox delivers: a hand-off or a cancellation at the warehouse, or a message to one
 * person: a buyer's status news, a staff notice, the new-order alert, a buyer's question, the
 * seller's reply, a reminder of an unanswered question, a warehouse card, or a ready text
 * (an import report, a bot connection's result).
 */
export type OutboxKind =
  | 'handoff'
  | 'cancel'
  | 'buyer-status'
  | 'staff-notice'
  | 'message'
  | 'new-order'
  | 'seller-question'
  | 'seller-reply'
  | 'reply-reminder'
  | 'warehouse-card';
/** `blocked`: waits for a person or a configuration change (a refused signature). */
export type OutboxStatus = 'pending' | 'done' | 'failed' | 'blocked';

/**
 * The transactional outbox: written in the same transaction as the change that needs the
 * outside world, delivered afterwards by a worker with retries. `key` makes a second write of
 * the same intent a no-op.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').$type<OutboxKind>().notNull(),
    key: text('key').notNull(),
    storefrontId: integer('storefront_id').references(() => storefronts.id),
    orderId: integer('order_id').references(() => orders.id),
    /** JSON: what the delivery needs beyond the order row. */
    payload: text('payload').notNull().default('{}'),
    status: text('status').$type<OutboxStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this moment (backoff, coalescing window). */
    dueAt: integer('due_at').notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    doneAt: integer('done_at'),
    /** The one person a message goes to, `<storefront id of the bot>:<channel>:<chat id>`; null for warehouse work and buyer status news (the order says). */
    recipient: text('recipient'),
    /** Set while a delivery is in progress: a row still claimed at start was cut off by a crash, and is tried again at once. */
    claimedUntil: integer('claimed_until'),
  },
  (t) => [uniqueIndex('outbox_key_uq').on(t.key), index('outbox_due_idx').on(t.status, t.dueAt), index('outbox_order_idx').on(t.orderId, t.kind, t.status)],
);

/** Warehouse status callbacks already recorded, by their `event_id`: a repeat has no second effect. */
export const supplierEvents = sqliteTable('supplier_events', {
  eventId: text('event_id').primaryKey(),
  orderId: integer('order_id')
    .notNull()
    .references(() => orders.id),
  status: text('status').notNull(),
  occurredAt: text('occurred_at'),
  receivedAt: integer('received_at').notNull(),
  /** What it did: `applied`, `late` (the order was already further), `ignored`. */
  outcome: text('outcome').notNull(),
});

/** Kinds of money movement recorded when a cash-on-delivery order settles. */
export type LedgerKind = 'cod' | 'wholesale' | 'royalty' | 'margin' | 'return_fee';

/**
 * Settlement ledger: when the courier collects the cash, it is split into wholesale cost
 * (franchisor), royalty (franchisor) and margin (franchisee); a refusal may cost a return fee.
 * Amounts in kopecks; an order's entries are written once.
 */
export const ledgerEntries = sqliteTable(
  'ledger_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    kind: text('kind').$type<LedgerKind>().notNull(),
    amount: integer('amount').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [uniqueIndex('ledger_order_kind_uq').on(t.orderId, t.kind), index('ledger_storefront_at_idx').on(t.storefrontId, t.at)],
);

/** What a buyer agreed to: `personal-data` (152-FZ, before the first checkout); `promotions` (38-FZ) comes later. */
export type ConsentKind = 'personal-data' | 'promotions';

/**
 * Consents, one row per agreement: who, in which storefront, to what, through which messenger,
 * when, to which version of the notice's text and where it was asked. A withdrawal (/forget for
 * personal data, an opt-out for promotions) stamps `withdrawnAt` and keeps the row as evidence.
 */
export const consents = sqliteTable(
  'consents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    storefrontId: integer('storefront_id')
      .notNull()
      .references(() => storefronts.id),
    buyerId: integer('buyer_id')
      .notNull()
      .references(() => buyers.id),
    kind: text('kind').$type<ConsentKind>().notNull(),
    channel: text('channel', { enum: ['telegram', 'vk', 'max', 'console'] }).notNull(),
    givenAt: integer('given_at').notNull(),
    /** Identifies the text the buyer saw (a hash of its Russian and English wording): a new text asks again. */
    textVersion: text('text_version').notNull(),
    /** Where it was asked, e.g. `checkout`. */
    source: text('source').notNull(),
    withdrawnAt: integer('withdrawn_at'),
  },
  (t) => [index('consents_buyer_idx').on(t.buyerId, t.kind, t.givenAt)],
);

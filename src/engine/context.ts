import type { FeedFetchPolicy } from '../catalog/import/feed-fetch-guard.js';
import type { Buyer } from '../buyers/buyer-service.js';
import type { CartService } from '../cart/cart-service.js';
import type { CatalogService, Page, ProductSummary } from '../catalog/catalog-service.js';
import type { Db } from '../db/client.js';
import type { OrderService } from '../orders/order-service.js';
import type { StaffRole } from '../db/schema.js';
import type { Locale } from '../shared/money.js';
import type { Logger } from '../shared/logger.js';
import type { Storefront } from '../storefronts/storefront-service.js';
import type { DialogueState } from './dialogue.js';
import type { StorefrontBots } from './storefront-bots.js';
import type { ConversationRef } from '../shared/conversation.js';
import type { I18n, MessageArgs } from '../shared/i18n.js';
import type { CatalogAdmin } from '../catalog/catalog-admin.js';
import type { StorefrontSettings } from '../storefronts/storefront-settings.js';
import type { StaffService } from '../franchise/staff-service.js';
import type { EarningsService } from '../settlement/earnings.js';
import type { StaffOrderQueries } from '../orders/staff-order-queries.js';
import type { TextOutbox } from '../outbox/text-outbox.js';

/** The domain services screens read and change. */
export interface Services {
  db: Db;
  catalog: CatalogService;
  cart: CartService;
  orders: OrderService;
  /** The catalog as storefront staff and the franchisor change it. */
  catalogAdmin: CatalogAdmin;
  /** Storefronts: opening, listing, their settings. */
  storefronts: StorefrontSettings;
  /** Staff: invites, owners, the roster. */
  staff: StaffService;
  /** Earnings reports. */
  earnings: EarningsService;
  /** A storefront's orders as its staff read them. */
  staffOrders: StaffOrderQueries;
  /** Texts reporting the outcome of work that outlived its event. */
  texts: TextOutbox;
}

/** Everything a screen needs to answer one event. */
export interface ScreenContext {
  /** Who wrote and where. */
  ref: ConversationRef;
  /** Starts franchisee bots connected from chat. */
  bots?: StorefrontBots;
  /** The sender's staff role in this storefront, if any. */
  role?: StaffRole;
  /** True when the sender is franchisor staff. */
  hq: boolean;
  /** True when the sender may report order stages for the warehouse (the warehouse chat, or HQ without one). */
  warehouse: boolean;
  /** Who pressed or wrote in a group chat, where `ref.userId` stands for the chat itself. */
  actorId?: string;
  i18n: I18n;
  logger: Logger;
  /**
   * Work that outlives the event (a feed import, a bot connection), started once the event is
   * saved; it reports its outcome by writing an outbox row when it finishes. Messages to other
   * people are never sent from here: screens write outbox rows in the event's transaction.
   */
  background: Array<() => Promise<void>>;
  storefront: Storefront;
  buyer: Buyer;
  locale: Locale;
  /** Localized message. */
  t(id: string, args?: MessageArgs): string;
  /** Kopecks formatted for this buyer: `4 290 ₽`. */
  money(kopecks: number): string;
  /** A UTC timestamp as a date in the storefront's time zone. */
  date(ms: number): string;
  /** Dialogue state; screens change it and the engine saves it after the event. */
  state: DialogueState;
  services: Services;
  /**
   * Full-text search in this storefront. Returns at once: the search the engine planned for the
   * event was answered by the search worker before the screen ran, a recent one comes from the
   * cache, and any other runs here.
   */
  search(query: string, offset: number, limit: number): Page<ProductSummary>;
  /** Region for phone numbers typed without a country code. */
  phoneRegion: string;
  /** How many days an order usually takes to arrive. */
  deliveryDays: { min: number; max: number };
  /** After how long an unanswered question to the seller reminds the staff. */
  replyReminderMinutes: number;
  /** The buyer's name in the messenger, offered at checkout. */
  profileName?: string;
  /** How long a staff invite code can be redeemed, in hours. */
  inviteTtlHours: number;
  /** The clock of staff rules (invite expiry, `/join` tries): UTC epoch milliseconds. */
  now(): number;
  /** Where a chat `/import <url>` may fetch from; `chatFeedPolicy` when absent. */
  feedFetch?: FeedFetchPolicy;
}

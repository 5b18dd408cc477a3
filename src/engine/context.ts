import type { Buyer } from '../buyers/buyer-service.js';
import type { CartService } from '../cart/cart-service.js';
import type { CatalogService } from '../catalog/catalog-service.js';
import type { Db } from '../db/client.js';
import type { OrderService } from '../orders/order-service.js';
import type { Locale } from '../shared/money.js';
import type { Storefront } from '../storefronts/storefront-service.js';
import type { DialogueState } from './dialogue.js';
import type { MessageArgs } from './i18n.js';

/** The domain services screens read and change. */
export interface Services {
  db: Db;
  catalog: CatalogService;
  cart: CartService;
  orders: OrderService;
}

/** Everything a screen needs to answer one event. */
export interface ScreenContext {
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
  /** Region for phone numbers typed without a country code. */
  phoneRegion: string;
  /** The buyer's name in the messenger, offered at checkout. */
  profileName?: string;
}

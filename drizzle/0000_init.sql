CREATE TABLE `buyers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`locale` text DEFAULT 'ru' NOT NULL,
	`profile_name` text,
	`delivery_name` text,
	`delivery_phone` text,
	`delivery_city` text,
	`delivery_address` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `buyers_account_uq` ON `buyers` (`storefront_id`,`channel`,`user_id`);--> statement-breakpoint
CREATE TABLE `cart_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`price_seen` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cart_items_line_uq` ON `cart_items` (`buyer_id`,`variant_id`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`parent_id` integer,
	`external_id` text NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_external_uq` ON `categories` (`storefront_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `categories_parent_idx` ON `categories` (`storefront_id`,`parent_id`);--> statement-breakpoint
CREATE TABLE `dialogues` (
	`storefront_id` integer NOT NULL,
	`buyer_id` integer PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `order_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_history_order_idx` ON `order_history` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`variant_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`offer_id` text NOT NULL,
	`name` text NOT NULL,
	`size` text,
	`quantity` integer NOT NULL,
	`price` integer NOT NULL,
	`wholesale_price` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`checkout_key` text NOT NULL,
	`total` integer NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`locale` text NOT NULL,
	`delivery_name` text NOT NULL,
	`delivery_phone` text NOT NULL,
	`delivery_city` text NOT NULL,
	`delivery_address` text NOT NULL,
	`comment` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_uq` ON `orders` (`storefront_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_checkout_uq` ON `orders` (`storefront_id`,`checkout_key`);--> statement-breakpoint
CREATE INDEX `orders_buyer_idx` ON `orders` (`buyer_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`category_id` integer,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`params` text DEFAULT '[]' NOT NULL,
	`pictures` text DEFAULT '[]' NOT NULL,
	`price` integer NOT NULL,
	`old_price` integer,
	`hidden` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_uq` ON `products` (`storefront_id`,`sku`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`storefront_id`,`category_id`,`hidden`);--> statement-breakpoint
CREATE TABLE `storefronts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`time_zone` text DEFAULT 'Europe/Moscow' NOT NULL,
	`last_order_number` integer DEFAULT 1000 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `storefronts_slug_uq` ON `storefronts` (`slug`);--> statement-breakpoint
CREATE TABLE `variants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`size` text,
	`offer_id` text NOT NULL,
	`wholesale_price` integer DEFAULT 0 NOT NULL,
	`stock` integer DEFAULT 0 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `variants_offer_uq` ON `variants` (`storefront_id`,`offer_id`);--> statement-breakpoint
CREATE INDEX `variants_product_idx` ON `variants` (`product_id`);
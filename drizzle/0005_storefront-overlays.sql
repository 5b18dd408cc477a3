CREATE TABLE `franchise_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`recommended_markup_percent` integer DEFAULT 100 NOT NULL,
	`min_markup_percent` integer DEFAULT 30 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `storefront_categories` (
	`storefront_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`hidden` integer DEFAULT true NOT NULL,
	PRIMARY KEY(`storefront_id`, `category_id`),
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `storefront_products` (
	`storefront_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`price` integer,
	`bestseller` integer DEFAULT false NOT NULL,
	`photo` text,
	`description` text,
	PRIMARY KEY(`storefront_id`, `product_id`),
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `products` ADD `wholesale_price` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `storefronts` ADD `markup_percent` integer;
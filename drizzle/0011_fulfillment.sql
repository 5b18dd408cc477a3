CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_order_kind_uq` ON `ledger_entries` (`order_id`,`kind`);--> statement-breakpoint
CREATE INDEX `ledger_storefront_at_idx` ON `ledger_entries` (`storefront_id`,`at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`storefront_id` integer,
	`order_id` integer,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`due_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`done_at` integer,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key_uq` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `outbox_order_idx` ON `outbox` (`order_id`,`kind`,`status`);--> statement-breakpoint
CREATE TABLE `supplier_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`status` text NOT NULL,
	`occurred_at` text,
	`received_at` integer NOT NULL,
	`outcome` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `franchise_settings` ADD `royalty_percent` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `franchise_settings` ADD `return_fee` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `status_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `supplier_order_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `handoff_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `carrier` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `tracking_number` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `cod_collected` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `stale_notice_at` integer;--> statement-breakpoint
CREATE INDEX `orders_status_idx` ON `orders` (`status`,`status_at`);
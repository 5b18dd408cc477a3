CREATE TABLE `invites` (
	`code` text PRIMARY KEY NOT NULL,
	`storefront_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer,
	`role` text NOT NULL,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`chat_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_account_idx` ON `staff` (`channel`,`user_id`);--> statement-breakpoint
ALTER TABLE `storefronts` ADD `auto_confirm` integer DEFAULT false NOT NULL;
CREATE TABLE `join_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `join_failures_account_idx` ON `join_failures` (`channel`,`user_id`,`at`);--> statement-breakpoint
ALTER TABLE `storefronts` ADD `telegram_webhook_secret` text;
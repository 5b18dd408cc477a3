CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`given_at` integer NOT NULL,
	`text_version` text NOT NULL,
	`source` text NOT NULL,
	`withdrawn_at` integer,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_buyer_idx` ON `consents` (`buyer_id`,`kind`,`given_at`);--> statement-breakpoint
ALTER TABLE `buyers` ADD `forget_requested_at` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `personal_data_erased_at` integer;
CREATE TABLE `seller_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`storefront_id` integer NOT NULL,
	`buyer_id` integer NOT NULL,
	`asked_at` integer NOT NULL,
	`answered_at` integer,
	`reminded_at` integer,
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`buyer_id`) REFERENCES `buyers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `seller_questions_open_idx` ON `seller_questions` (`storefront_id`,`answered_at`);
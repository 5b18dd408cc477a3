CREATE TABLE `processed_events` (
	`storefront_id` integer NOT NULL,
	`event_id` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`storefront_id`, `event_id`),
	FOREIGN KEY (`storefront_id`) REFERENCES `storefronts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `processed_events_at_idx` ON `processed_events` (`at`);--> statement-breakpoint
ALTER TABLE `buyers` ADD `unreachable_at` integer;
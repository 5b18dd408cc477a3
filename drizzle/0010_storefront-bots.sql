ALTER TABLE `storefronts` ADD `telegram_token` text;--> statement-breakpoint
ALTER TABLE `storefronts` ADD `telegram_username` text;--> statement-breakpoint
ALTER TABLE `storefronts` ADD `vk_token` text;--> statement-breakpoint
ALTER TABLE `storefronts` ADD `vk_group_id` integer;--> statement-breakpoint
ALTER TABLE `storefronts` ADD `paused` integer DEFAULT false NOT NULL;
ALTER TABLE `order_items` ADD `reserved` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `order_items_reserved_idx` ON `order_items` (`variant_id`) WHERE "order_items"."reserved" > 0;--> statement-breakpoint
ALTER TABLE `variants` ADD `feed_stock` integer DEFAULT 0 NOT NULL;
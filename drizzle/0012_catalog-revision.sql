-- Bumps catalog_revision whenever what a storefront shows may have changed, so the catalog
-- service can keep its category tree and hidden-category sets until then. random(), not +1: a
-- cache filled inside a transaction that rolls back must not match a later, different change.
CREATE TABLE `catalog_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
INSERT INTO `catalog_revision` (`id`, `revision`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `categories_insert_revision` AFTER INSERT ON `categories`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `categories_update_revision` AFTER UPDATE ON `categories`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `categories_delete_revision` AFTER DELETE ON `categories`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `storefront_products_insert_revision` AFTER INSERT ON `storefront_products`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `storefront_products_update_revision` AFTER UPDATE ON `storefront_products`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `storefront_products_delete_revision` AFTER DELETE ON `storefront_products`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `storefront_categories_insert_revision` AFTER INSERT ON `storefront_categories`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `storefront_categories_update_revision` AFTER UPDATE ON `storefront_categories`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `storefront_categories_delete_revision` AFTER DELETE ON `storefront_categories`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `products_insert_revision` AFTER INSERT ON `products`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `products_delete_revision` AFTER DELETE ON `products`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `products_update_revision` AFTER UPDATE OF `hidden`, `category_id` ON `products`
WHEN OLD.`hidden` IS NOT NEW.`hidden` OR OLD.`category_id` IS NOT NEW.`category_id`
BEGIN
	UPDATE `catalog_revision` SET `revision` = random() WHERE `id` = 1;
END;

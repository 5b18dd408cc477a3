-- Lists sort shown products by "in stock" and position, and the catalog service keeps the first
-- page of each list until list_revision changes: a product's last size selling out or coming
-- back, or a product moving in its list, bumps it. Stock changing between non-zero amounts
-- (every import, every order) does not, and none of these touch `revision`, so the category
-- tree's counts stay cached through a sale.
DROP INDEX `variants_product_idx`;--> statement-breakpoint
CREATE INDEX `variants_product_stock_idx` ON `variants` (`product_id`,`stock`);--> statement-breakpoint
ALTER TABLE `catalog_revision` ADD `list_revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE TRIGGER `products_position_list_revision` AFTER UPDATE OF `position` ON `products`
WHEN OLD.`position` IS NOT NEW.`position`
BEGIN
	UPDATE `catalog_revision` SET `list_revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_insert_list_revision` AFTER INSERT ON `variants`
WHEN NEW.`stock` > 0
BEGIN
	UPDATE `catalog_revision` SET `list_revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_delete_list_revision` AFTER DELETE ON `variants`
WHEN OLD.`stock` > 0
BEGIN
	UPDATE `catalog_revision` SET `list_revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_update_list_revision` AFTER UPDATE OF `stock`, `product_id` ON `variants`
WHEN (OLD.`stock` > 0) IS NOT (NEW.`stock` > 0) OR (NEW.`stock` > 0 AND OLD.`product_id` IS NOT NEW.`product_id`)
BEGIN
	UPDATE `catalog_revision` SET `list_revision` = random() WHERE `id` = 1;
END;

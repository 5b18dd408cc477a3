-- A revision per list instead of one for all lists: a size selling out used to make every
-- category re-sort its first page, and now re-sorts only the list of its product, and only when
-- the product itself sells out (its last size) or comes back. `list` is the category id, -1 for
-- products with no category; random(), as in 0012, so a cache filled inside a transaction that
-- rolls back never matches a later change.
DROP TRIGGER IF EXISTS `products_position_list_revision`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `variants_insert_list_revision`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `variants_delete_list_revision`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `variants_update_list_revision`;
--> statement-breakpoint
CREATE TABLE `list_revisions` (
	`list` integer PRIMARY KEY NOT NULL,
	`revision` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `catalog_revision` DROP COLUMN `list_revision`;
--> statement-breakpoint
CREATE TRIGGER `products_position_list_revision` AFTER UPDATE OF `position` ON `products`
WHEN OLD.`position` IS NOT NEW.`position`
BEGIN
	INSERT INTO `list_revisions` (`list`, `revision`) VALUES (coalesce(NEW.`category_id`, -1), random())
		ON CONFLICT (`list`) DO UPDATE SET `revision` = excluded.`revision`;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_insert_list_revision` AFTER INSERT ON `variants`
WHEN NEW.`stock` > 0
BEGIN
	INSERT INTO `list_revisions` (`list`, `revision`)
		SELECT coalesce(p.`category_id`, -1), random() FROM `products` p WHERE p.`id` = NEW.`product_id`
		ON CONFLICT (`list`) DO UPDATE SET `revision` = excluded.`revision`;
END;
--> statement-breakpoint
CREATE TRIGGER `variants_delete_list_revision` AFTER DELETE ON `variants`
WHEN OLD.`stock` > 0
BEGIN
	INSERT INTO `list_revisions` (`list`, `revision`)
		SELECT coalesce(p.`category_id`, -1), random() FROM `products` p WHERE p.`id` = OLD.`product_id`
		ON CONFLICT (`list`) DO UPDATE SET `revision` = excluded.`revision`;
END;
--> statement-breakpoint
-- A size crossing zero moves its product in the list only when no other size of it is in stock.
CREATE TRIGGER `variants_update_list_revision` AFTER UPDATE OF `stock`, `product_id` ON `variants`
WHEN (
	(OLD.`stock` > 0) IS NOT (NEW.`stock` > 0)
	AND NOT EXISTS (SELECT 1 FROM `variants` v WHERE v.`product_id` = NEW.`product_id` AND v.`id` <> NEW.`id` AND v.`stock` > 0)
) OR (OLD.`product_id` IS NOT NEW.`product_id` AND (OLD.`stock` > 0 OR NEW.`stock` > 0))
BEGIN
	INSERT INTO `list_revisions` (`list`, `revision`)
		SELECT coalesce(p.`category_id`, -1), random() FROM `products` p WHERE p.`id` IN (OLD.`product_id`, NEW.`product_id`)
		ON CONFLICT (`list`) DO UPDATE SET `revision` = excluded.`revision`;
END;

-- Custom migration (drizzle-kit generate --custom): FTS5 full-text index over product names and
-- descriptions, which drizzle's schema cannot express. rowid = products.id. Text is stored with
-- ё folded to е, because unicode61 folds case for Cyrillic but treats ё and е as different letters.
CREATE VIRTUAL TABLE `product_search` USING fts5(
	`name`,
	`description`,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `products_search_ai` AFTER INSERT ON `products` BEGIN
	INSERT INTO `product_search` (`rowid`, `name`, `description`)
	VALUES (new.`id`, replace(replace(new.`name`, 'ё', 'е'), 'Ё', 'Е'), replace(replace(new.`description`, 'ё', 'е'), 'Ё', 'Е'));
END;
--> statement-breakpoint
CREATE TRIGGER `products_search_au` AFTER UPDATE OF `name`, `description` ON `products` BEGIN
	DELETE FROM `product_search` WHERE `rowid` = old.`id`;
	INSERT INTO `product_search` (`rowid`, `name`, `description`)
	VALUES (new.`id`, replace(replace(new.`name`, 'ё', 'е'), 'Ё', 'Е'), replace(replace(new.`description`, 'ё', 'е'), 'Ё', 'Е'));
END;
--> statement-breakpoint
CREATE TRIGGER `products_search_ad` AFTER DELETE ON `products` BEGIN
	DELETE FROM `product_search` WHERE `rowid` = old.`id`;
END;

-- Custom migration: the search index now also holds each product's category path and parameter
-- values ("обувь" finds boots, "черный" finds a black hat), so the application maintains it
-- (src/catalog/search-index.ts) instead of triggers, which cannot read the category tree.
DROP TRIGGER IF EXISTS `products_search_ai`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `products_search_au`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `products_search_ad`;
--> statement-breakpoint
DROP TABLE IF EXISTS `product_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `product_search` USING fts5(
	`name`,
	`category`,
	`params`,
	`description`,
	tokenize = 'unicode61 remove_diacritics 2'
);

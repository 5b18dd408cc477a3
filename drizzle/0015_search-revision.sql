-- A revision for search results: the engine keeps the pages of repeated searches while it stays
-- the same. It changes whenever what a search finds, or its order, could: anything that changes
-- the catalog revision (products added or withdrawn, categories, a storefront hiding something)
-- or a list revision (a product selling out of its last size or coming back), and when the
-- search index is rewritten (reindexProducts bumps it itself). random(), as in 0012, so a cache
-- filled inside a transaction that rolls back never matches a later change.
CREATE TABLE `search_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_revision` (`id`, `revision`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `catalog_revision_search_revision` AFTER UPDATE ON `catalog_revision`
BEGIN
	UPDATE `search_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `list_revisions_insert_search_revision` AFTER INSERT ON `list_revisions`
BEGIN
	UPDATE `search_revision` SET `revision` = random() WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `list_revisions_update_search_revision` AFTER UPDATE ON `list_revisions`
BEGIN
	UPDATE `search_revision` SET `revision` = random() WHERE `id` = 1;
END;

-- Custom migration: the franchisor's price rules exist from the start (100% recommended markup,
-- 30% minimum), and products learn their wholesale price from their sizes.
INSERT OR IGNORE INTO `franchise_settings` (`id`, `recommended_markup_percent`, `min_markup_percent`) VALUES (1, 100, 30);
--> statement-breakpoint
UPDATE `products` SET `wholesale_price` = coalesce((SELECT max(v.`wholesale_price`) FROM `variants` v WHERE v.`product_id` = `products`.`id`), 0);

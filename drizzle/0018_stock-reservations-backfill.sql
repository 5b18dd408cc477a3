-- Custom migration: stock becomes "the warehouse's count minus the units of orders it has not yet
-- taken". Items of orders the warehouse has not taken (new, confirmed, sent) hold their units; the
-- warehouse's count is what is on sale now plus those units, so no size shows a different stock
-- after the migration and the next feed sync subtracts them instead of forgetting them.
UPDATE `order_items` SET `reserved` = `quantity`
  WHERE `order_id` IN (SELECT `id` FROM `orders` WHERE `status` IN ('new', 'confirmed', 'sent'));
--> statement-breakpoint
UPDATE `variants` SET `feed_stock` = `stock` + coalesce(
  (SELECT sum(oi.`reserved`) FROM `order_items` oi WHERE oi.`variant_id` = `variants`.`id` AND oi.`reserved` > 0), 0);

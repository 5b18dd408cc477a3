CREATE TABLE `media_cache` (
	`owner` text NOT NULL,
	`url` text NOT NULL,
	`ref` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`owner`, `url`)
);

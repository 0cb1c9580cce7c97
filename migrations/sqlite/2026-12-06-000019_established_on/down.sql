ALTER TABLE agencies DROP COLUMN established_on;

DROP INDEX agencies_official_code;
ALTER TABLE agencies DROP COLUMN official_code;

ALTER TABLE agency_merges DROP COLUMN effective_on;
DROP INDEX agencies_official_code;
ALTER TABLE agencies DROP COLUMN official_code;

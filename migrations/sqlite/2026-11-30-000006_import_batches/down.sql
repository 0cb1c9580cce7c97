DROP INDEX indicator_values_import_idx;
ALTER TABLE indicator_values DROP COLUMN import_id;

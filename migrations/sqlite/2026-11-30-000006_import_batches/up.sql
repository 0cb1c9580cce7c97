-- The import that wrote a figure (imports write figures in batches and audit the import as one
-- entry; this column links each figure to it).
ALTER TABLE indicator_values ADD COLUMN import_id TEXT;
CREATE INDEX indicator_values_import_idx ON indicator_values(import_id);

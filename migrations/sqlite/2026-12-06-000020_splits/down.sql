DROP INDEX agency_merges_into;
DELETE FROM agency_merges WHERE kind = 'split';
ALTER TABLE agency_merges DROP COLUMN share;
ALTER TABLE agency_merges DROP COLUMN kind;

-- Splits: an agency divided between several successors, each with its share (population or area,
-- summing to 1). Each successor is a row of agency_merges with kind 'split' and its share; a merge
-- is kind 'merge' with share 1.
ALTER TABLE agency_merges ADD COLUMN kind TEXT NOT NULL DEFAULT 'merge';
ALTER TABLE agency_merges ADD COLUMN share DOUBLE PRECISION NOT NULL DEFAULT 1;
CREATE INDEX agency_merges_into ON agency_merges (into_id, kind);

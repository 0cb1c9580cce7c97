-- Change feeds (docs/integration.md, "Change feeds"): a list read with `updated_since` or a change
-- cursor walks its rows in (updated_at, id) order, so each synced table has that index.
-- Progress reports change when their proposals are answered: they get an updated_at.
ALTER TABLE progress_reports ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT TIMESTAMP '1970-01-01 00:00:00';
UPDATE progress_reports SET updated_at = COALESCE(proposals_answered_at, created_at);
CREATE INDEX agencies_changes_idx ON agencies(updated_at, id);
CREATE INDEX tasks_changes_idx ON tasks(updated_at, id);
CREATE INDEX indicators_changes_idx ON indicators(updated_at, id);
CREATE INDEX indicator_values_changes_idx ON indicator_values(updated_at, id);
CREATE INDEX alerts_changes_idx ON alerts(updated_at, id);
CREATE INDEX progress_reports_changes_idx ON progress_reports(updated_at, id);
-- What a feed reports as gone: a deleted task or agency, an agency merged, split or dissolved.
-- `scope_agency_id` is the agency whose subtree may learn of it (the task's lead agency, the
-- agency's parent or successor); `replaced_by` the agency a merge folded it into.
CREATE TABLE removals (
    id TEXT PRIMARY KEY,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    replaced_by TEXT,
    scope_agency_id TEXT NOT NULL,
    removed_at TIMESTAMP NOT NULL
);
CREATE INDEX removals_changes_idx ON removals(entity_type, removed_at, id);

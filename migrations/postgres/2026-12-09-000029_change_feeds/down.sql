DROP TABLE removals;
DROP INDEX progress_reports_changes_idx;
DROP INDEX alerts_changes_idx;
DROP INDEX indicator_values_changes_idx;
DROP INDEX indicators_changes_idx;
DROP INDEX tasks_changes_idx;
DROP INDEX agencies_changes_idx;
ALTER TABLE progress_reports DROP COLUMN updated_at;

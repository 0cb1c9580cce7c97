DROP TRIGGER tasks_stats ON tasks;
CREATE TRIGGER tasks_stats AFTER INSERT OR DELETE OR UPDATE OF resolution_id, lead_agency_id, status, health, weight, progress, parent_lead_agency_id ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_stats();
DROP TABLE task_due_dates;
DROP TABLE task_requests;
DROP TABLE task_completions;
DROP INDEX tasks_lead_evaluation;
ALTER TABLE tasks DROP COLUMN accepted_by;
ALTER TABLE tasks DROP COLUMN accepted_at;
ALTER TABLE tasks DROP COLUMN completed_on;
ALTER TABLE tasks DROP COLUMN evaluation_due_date;
ALTER TABLE tasks DROP COLUMN original_due_date;

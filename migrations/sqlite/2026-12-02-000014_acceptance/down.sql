DROP TABLE task_due_dates;
DROP TABLE task_requests;
DROP TABLE task_completions;
DROP INDEX tasks_lead_evaluation;
ALTER TABLE tasks DROP COLUMN accepted_by;
ALTER TABLE tasks DROP COLUMN accepted_at;
ALTER TABLE tasks DROP COLUMN completed_on;
ALTER TABLE tasks DROP COLUMN evaluation_due_date;
ALTER TABLE tasks DROP COLUMN original_due_date;

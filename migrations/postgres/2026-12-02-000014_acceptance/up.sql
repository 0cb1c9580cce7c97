-- Supervision: completion is proposed by the lead agency and accepted (or returned) by the
-- assigning agency; deadlines and cancellation are requested and granted or refused by it; every
-- change of a due date is history; the evaluation's deadline is kept apart from the due date.

-- The due date the task was assigned with; the deadline the Government Office's evaluation uses
-- (an extension granted on or before the deadline moves it, a later one does not); the day the
-- work was completed (the day of the accepted proposal); who accepted it and when. Every insert
-- sets the first two.
ALTER TABLE tasks ADD COLUMN original_due_date DATE;
ALTER TABLE tasks ADD COLUMN evaluation_due_date DATE;
ALTER TABLE tasks ADD COLUMN completed_on DATE;
ALTER TABLE tasks ADD COLUMN accepted_at TIMESTAMP;
ALTER TABLE tasks ADD COLUMN accepted_by TEXT;
UPDATE tasks SET original_due_date = due_date, evaluation_due_date = due_date;
ALTER TABLE tasks ALTER COLUMN original_due_date SET NOT NULL, ALTER COLUMN evaluation_due_date SET NOT NULL;
UPDATE tasks SET completed_on = updated_at::date, accepted_at = updated_at WHERE status = 'completed';
CREATE INDEX tasks_lead_evaluation ON tasks (lead_agency_id, evaluation_due_date);

CREATE TABLE task_completions (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    summary TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TIMESTAMP NOT NULL,
    decided_by TEXT,
    decided_at TIMESTAMP,
    reason TEXT
);
CREATE INDEX task_completions_task ON task_completions (task_id, proposed_at);

CREATE TABLE task_requests (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    due_date DATE,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    decided_by TEXT,
    decided_at TIMESTAMP,
    decision_reason TEXT
);
CREATE INDEX task_requests_task ON task_requests (task_id, requested_at);
CREATE INDEX task_requests_pending ON task_requests (status, task_id);

CREATE TABLE task_due_dates (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    due_date_before DATE NOT NULL,
    due_date_after DATE NOT NULL,
    reason TEXT,
    request_id TEXT REFERENCES task_requests (id),
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX task_due_dates_task ON task_due_dates (task_id, changed_at);

-- A column-specific trigger fires only for the columns an UPDATE names, not for those a BEFORE
-- trigger changes: a due date (or start date) moved on its own re-derives the health (tasks_derive)
-- but did not move the task between the aggregates' health buckets. It now does.
DROP TRIGGER tasks_stats ON tasks;
CREATE TRIGGER tasks_stats AFTER INSERT OR DELETE OR UPDATE OF resolution_id, lead_agency_id, status, health, weight, progress, parent_lead_agency_id, start_date, due_date ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_stats();

-- Directives (chỉ đạo): a supervising agency directs the lead agency of a task, with an optional
-- due date; the lead agency answers; the directing agency closes it.
CREATE TABLE directives (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks (id),
    issuing_agency_id TEXT NOT NULL REFERENCES agencies (id),
    issued_by TEXT NOT NULL,
    text TEXT NOT NULL,
    due_date DATE,
    status TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TIMESTAMP,
    closed_by TEXT,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE INDEX directives_task ON directives (task_id, created_at);

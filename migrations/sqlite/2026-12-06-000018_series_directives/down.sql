CREATE TABLE directives_old (
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

INSERT INTO directives_old
SELECT id, task_id, issuing_agency_id, issued_by, text, due_date, status,
    answer, answered_by, answered_at, closed_by, closed_at, created_at, updated_at
FROM directives WHERE task_id IS NOT NULL;

DROP TABLE directives;
ALTER TABLE directives_old RENAME TO directives;

CREATE INDEX directives_task ON directives (task_id, created_at);

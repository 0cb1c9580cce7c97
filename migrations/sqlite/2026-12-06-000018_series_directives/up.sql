-- Directives on a KPI series: a directive is about a task or about one series of an indicator
-- (the indicator and the reporting agency); the series' source answers it. SQLite cannot drop a
-- NOT NULL, so the table is rebuilt (nothing references it).
CREATE TABLE directives_new (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT REFERENCES tasks (id),
    indicator_id TEXT REFERENCES indicators (id),
    agency_id TEXT REFERENCES agencies (id),
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
    updated_at TIMESTAMP NOT NULL,
    CHECK ((task_id IS NULL) <> (indicator_id IS NULL)),
    CHECK ((indicator_id IS NULL) = (agency_id IS NULL))
);

INSERT INTO directives_new (id, task_id, issuing_agency_id, issued_by, text, due_date, status,
    answer, answered_by, answered_at, closed_by, closed_at, created_at, updated_at)
SELECT id, task_id, issuing_agency_id, issued_by, text, due_date, status,
    answer, answered_by, answered_at, closed_by, closed_at, created_at, updated_at
FROM directives;

DROP TABLE directives;
ALTER TABLE directives_new RENAME TO directives;

CREATE INDEX directives_task ON directives (task_id, created_at);
CREATE INDEX directives_series ON directives (indicator_id, agency_id, created_at);
CREATE INDEX directives_open ON directives (status, due_date);

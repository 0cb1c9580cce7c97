-- Resolutions, their task trees and progress reports. Progress is rolled up on write.
CREATE TABLE resolutions (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    issued_on DATE,
    owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
    status TEXT NOT NULL DEFAULT 'draft',
    -- Weighted mean of the progress of the top-level tasks (cancelled ones left out).
    progress DOUBLE PRECISION NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX resolutions_owner_idx ON resolutions(owner_agency_id);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY NOT NULL,
    resolution_id TEXT NOT NULL REFERENCES resolutions(id),
    parent_id TEXT REFERENCES tasks(id),
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_agency_id TEXT NOT NULL REFERENCES agencies(id),
    start_date DATE NOT NULL,
    due_date DATE NOT NULL,
    status TEXT NOT NULL DEFAULT 'not_started',
    weight DOUBLE PRECISION NOT NULL DEFAULT 1,
    -- A leaf's progress comes from its reports; a parent's is the weighted mean of its children.
    progress DOUBLE PRECISION NOT NULL DEFAULT 0,
    depth INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX tasks_resolution_idx ON tasks(resolution_id, parent_id);
CREATE INDEX tasks_parent_idx ON tasks(parent_id);
CREATE INDEX tasks_lead_due_idx ON tasks(lead_agency_id, due_date);
CREATE INDEX tasks_due_idx ON tasks(due_date);

CREATE TABLE task_coordinators (
    task_id TEXT NOT NULL REFERENCES tasks(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (task_id, agency_id)
);
CREATE INDEX task_coordinators_agency_idx ON task_coordinators(agency_id, task_id);

-- One current report per (task, period); a new report for the same period is a new revision and
-- the earlier ones stay.
CREATE TABLE progress_reports (
    id TEXT PRIMARY KEY NOT NULL,
    task_id TEXT NOT NULL REFERENCES tasks(id),
    period TEXT NOT NULL,
    revision INTEGER NOT NULL,
    progress DOUBLE PRECISION NOT NULL,
    narrative TEXT NOT NULL DEFAULT '',
    obstacles TEXT NOT NULL DEFAULT '',
    proposals TEXT NOT NULL DEFAULT '',
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    reported_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (task_id, period, revision)
);
CREATE INDEX progress_reports_task_idx ON progress_reports(task_id, created_at);

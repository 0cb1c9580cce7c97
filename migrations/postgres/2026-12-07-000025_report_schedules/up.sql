-- Scheduled reports: a report definition (scope, period kind, format, recipients) produced after
-- each period of its kind closes; each produced file is kept (its content once per SHA-256 in
-- attachment_blobs) and announced to the recipients through the notifications and the mail outbox.
CREATE TABLE report_schedules (
    id TEXT PRIMARY KEY NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    resolution_id TEXT REFERENCES resolutions (id),
    period_kind TEXT NOT NULL,
    format TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    -- Periods ending before this day are not produced (a new schedule starts with the next one).
    starts_on DATE NOT NULL
);
CREATE INDEX report_schedules_agency ON report_schedules (agency_id);

CREATE TABLE report_schedule_recipients (
    schedule_id TEXT NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (schedule_id, user_id)
);

CREATE TABLE report_runs (
    id TEXT PRIMARY KEY NOT NULL,
    schedule_id TEXT NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    sha256 TEXT NOT NULL REFERENCES attachment_blobs (sha256),
    filename TEXT NOT NULL,
    produced_at TIMESTAMP NOT NULL,
    -- One run per schedule and period, whichever instance gets there first.
    UNIQUE (schedule_id, period_to)
);

-- The reporting regime (chế độ báo cáo): per indicator, the day after each period by which each
-- level reports and by which figures are approved (after that the period is locked, unless an
-- approver above grants an unlock); per resolution, the calendar of progress reports; in-app
-- notifications and a durable mail outbox.
CREATE TABLE reporting_calendars (
    indicator_id TEXT PRIMARY KEY NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    -- Days after the period's last day: figures of agencies of a kind without its own line.
    report_days INTEGER NOT NULL,
    -- Days after the period's last day by which figures are approved; the period then locks.
    approval_days INTEGER,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE reporting_calendar_levels (
    indicator_id TEXT NOT NULL REFERENCES reporting_calendars (indicator_id) ON DELETE CASCADE,
    agency_kind TEXT NOT NULL,
    report_days INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, agency_kind)
);

CREATE TABLE period_unlocks (
    id TEXT PRIMARY KEY NOT NULL,
    indicator_id TEXT NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    agency_id TEXT NOT NULL REFERENCES agencies (id),
    period TEXT NOT NULL,
    reason TEXT NOT NULL,
    open_until DATE NOT NULL,
    granted_by TEXT NOT NULL,
    granted_at TIMESTAMP NOT NULL
);
CREATE INDEX period_unlocks_series ON period_unlocks (indicator_id, agency_id, period);

-- Progress reports of a resolution's tasks: one per period of this frequency, due on this day of
-- the period's last month (Decree 09/2019/NĐ-CP).
ALTER TABLE resolutions ADD COLUMN report_frequency TEXT;
ALTER TABLE resolutions ADD COLUMN report_due_day INTEGER;

ALTER TABLE users ADD COLUMN email TEXT;
-- immediate | digest | off: how notifications reach the user by e-mail.
ALTER TABLE users ADD COLUMN notify TEXT NOT NULL DEFAULT 'immediate';

CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    -- One notification per user and event: a reminder is not repeated by every run.
    dedupe_key TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    -- When it went into a mail (immediately or in a digest); NULL while it waits or never will.
    mailed_at TIMESTAMP,
    UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- notice | digest
    kind TEXT NOT NULL,
    -- pending | sent | failed (given up after the last attempt)
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_user ON mail_outbox (user_id, kind, created_at);

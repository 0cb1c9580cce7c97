-- Early warnings: one unresolved alert per (kind, subject); a lease so that one instance evaluates.
CREATE TABLE alerts (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    severity TEXT NOT NULL,
    task_id TEXT REFERENCES tasks(id),
    indicator_id TEXT REFERENCES indicators(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    message TEXT NOT NULL,
    status TEXT NOT NULL,
    raised_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    acknowledged_by TEXT REFERENCES users(id),
    acknowledged_at TIMESTAMP,
    resolved_at TIMESTAMP
);
CREATE UNIQUE INDEX alerts_one_unresolved_idx ON alerts(kind, subject) WHERE status <> 'resolved';
CREATE INDEX alerts_agency_idx ON alerts(agency_id, status);
CREATE INDEX alerts_task_idx ON alerts(task_id);

CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

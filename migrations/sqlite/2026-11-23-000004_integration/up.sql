-- Integration: API keys (service accounts) and the history of bulk imports.
ALTER TABLE users ADD COLUMN is_service BOOLEAN NOT NULL DEFAULT 0;

-- An API key acts as its service-account user (is_service), with the key's agency and roles.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP,
    last_used_at TIMESTAMP
);
CREATE INDEX api_keys_agency_idx ON api_keys(agency_id);

CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    idempotency_key TEXT,
    request_hash TEXT,
    dry_run BOOLEAN NOT NULL,
    status TEXT NOT NULL,
    created_count INTEGER NOT NULL DEFAULT 0,
    updated_count INTEGER NOT NULL DEFAULT 0,
    unchanged_count INTEGER NOT NULL DEFAULT 0,
    rejected_count INTEGER NOT NULL DEFAULT 0,
    errors_json TEXT NOT NULL DEFAULT '[]',
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    UNIQUE (actor_id, idempotency_key)
);
CREATE INDEX imports_agency_idx ON imports(agency_id, started_at);

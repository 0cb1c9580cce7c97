-- Foundation: settings, agencies (with a closure table), users, sessions, login throttling, audit.
CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE agencies (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT REFERENCES agencies(id),
    depth INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    merged_into_id TEXT REFERENCES agencies(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agencies_parent_idx ON agencies(parent_id);
CREATE INDEX agencies_kind_idx ON agencies(kind);

-- Every (ancestor, descendant) pair, including (a, a) at depth 0: "the subtree of X" is one
-- indexed lookup on ancestor_id.
CREATE TABLE agency_closure (
    ancestor_id TEXT NOT NULL REFERENCES agencies(id),
    descendant_id TEXT NOT NULL REFERENCES agencies(id),
    depth INTEGER NOT NULL,
    PRIMARY KEY (ancestor_id, descendant_id)
);
CREATE INDEX agency_closure_descendant_idx ON agency_closure(descendant_id, ancestor_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    roles TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX users_agency_idx ON users(agency_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT,
    client_address TEXT,
    user_agent TEXT
);
CREATE INDEX sessions_user_idx ON sessions(user_id);

-- Refresh tokens are stored as SHA-256 hashes; a used one stays (used_at set) so that a replay
-- is recognised and revokes the whole session.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens(session_id);

-- Failed logins, for throttling per username and per client address.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    client_address TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_username_idx ON login_failures(username, failed_at);
CREATE INDEX login_failures_address_idx ON login_failures(client_address, failed_at);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    agency_id TEXT,
    before_json TEXT,
    after_json TEXT,
    request_id TEXT
);
CREATE INDEX audit_log_entity_idx ON audit_log(entity_type, entity_id, at);
CREATE INDEX audit_log_agency_idx ON audit_log(agency_id, at);
CREATE INDEX audit_log_actor_idx ON audit_log(actor_id, at);
CREATE INDEX audit_log_at_idx ON audit_log(at);

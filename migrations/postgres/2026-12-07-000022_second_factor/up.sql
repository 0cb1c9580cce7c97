-- A second factor for local accounts: TOTP (RFC 6238) with recovery codes, and what each session
-- proved at login.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
-- The last time step a code was accepted for: a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);

-- null: password only; 'totp' or 'recovery': the second factor given at login.
ALTER TABLE sessions ADD COLUMN second_factor TEXT;
-- The user's roles require a second factor it has not enrolled yet: the session may only enrol.
ALTER TABLE sessions ADD COLUMN enrol_only BOOLEAN NOT NULL DEFAULT FALSE;

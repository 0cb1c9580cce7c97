-- The per-caller request allowance, shared by every API instance (auth::rate_limit): one row per
-- caller (a user id; an API key's service account) with its GCRA "theoretical arrival time" in
-- milliseconds since the Unix epoch. Instances lease requests from it in batches.
CREATE TABLE rate_limits (
    caller TEXT PRIMARY KEY,
    tat_ms BIGINT NOT NULL
);

-- Webhooks (docs/integration.md, "Webhooks"): a ministry system's URL subscribed, per API key, to
-- events; `secret` signs the deliveries (Standard Webhooks, HMAC-SHA256), so it is kept as given.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    api_key_id TEXT NOT NULL REFERENCES api_keys(id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX webhooks_key_idx ON webhooks(api_key_id);
-- The outbox of deliveries: a row per event and webhook, written in the transaction of the event,
-- claimed by one instance at a time, retried with backoff, kept as the delivery log.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    last_status INTEGER,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    delivered_at TIMESTAMP
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries(webhook_id, created_at);

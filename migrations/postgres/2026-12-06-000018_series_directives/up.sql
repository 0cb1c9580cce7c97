-- Directives on a KPI series: a directive is about a task or about one series of an indicator
-- (the indicator and the reporting agency); the series' source answers it.
ALTER TABLE directives ALTER COLUMN task_id DROP NOT NULL;
ALTER TABLE directives ADD COLUMN indicator_id TEXT REFERENCES indicators (id);
ALTER TABLE directives ADD COLUMN agency_id TEXT REFERENCES agencies (id);
ALTER TABLE directives ADD CONSTRAINT directives_subject
    CHECK ((task_id IS NULL) <> (indicator_id IS NULL));
ALTER TABLE directives ADD CONSTRAINT directives_series
    CHECK ((indicator_id IS NULL) = (agency_id IS NULL));

CREATE INDEX directives_series ON directives (indicator_id, agency_id, created_at);
CREATE INDEX directives_open ON directives (status, due_date);

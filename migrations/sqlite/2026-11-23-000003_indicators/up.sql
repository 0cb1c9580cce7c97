-- Indicators (KPIs), their targets, values with the submit/approve workflow, and indicator sets.
CREATE TABLE indicators (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    indicator_group TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    value_type TEXT NOT NULL,
    direction TEXT NOT NULL,
    aggregation TEXT NOT NULL,
    frequency TEXT NOT NULL,
    owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
    -- Whose figures are collected: every agency of this kind in the owner's subtree (including
    -- ones created later), else the agencies in indicator_reporters, else the owner alone.
    reporting_agency_kind TEXT,
    -- The one source that writes every series of this indicator, when not the reporting agency.
    source_agency_id TEXT REFERENCES agencies(id),
    task_id TEXT REFERENCES tasks(id),
    drives_task_progress BOOLEAN NOT NULL DEFAULT 0,
    baseline_value DOUBLE PRECISION,
    baseline_period TEXT,
    target_value DOUBLE PRECISION,
    target_period TEXT,
    formula TEXT,
    definition TEXT NOT NULL DEFAULT '',
    data_source TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    verification TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX indicators_owner_idx ON indicators(owner_agency_id);
CREATE INDEX indicators_group_idx ON indicators(indicator_group);
CREATE INDEX indicators_task_idx ON indicators(task_id);

CREATE TABLE indicator_reporters (
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (indicator_id, agency_id)
);
CREATE INDEX indicator_reporters_agency_idx ON indicator_reporters(agency_id);

-- Interim targets per period; agency_id '' means for every reporting agency.
CREATE TABLE indicator_targets (
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    agency_id TEXT NOT NULL DEFAULT '',
    value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (indicator_id, period, agency_id)
);

-- The components of a composite indicator's formula (for cycle checks and tracing).
CREATE TABLE indicator_components (
    composite_id TEXT NOT NULL REFERENCES indicators(id),
    component_id TEXT NOT NULL REFERENCES indicators(id),
    PRIMARY KEY (composite_id, component_id)
);
CREATE INDEX indicator_components_component_idx ON indicator_components(component_id);

-- Every revision of every figure. `is_current` marks the newest revision of a
-- (indicator, agency, period); `counted` the newest approved one, the only one that counts.
CREATE TABLE indicator_values (
    id TEXT PRIMARY KEY NOT NULL,
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    agency_id TEXT NOT NULL REFERENCES agencies(id),
    period TEXT NOT NULL,
    period_end DATE NOT NULL,
    revision INTEGER NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    evidence_url TEXT,
    status TEXT NOT NULL,
    is_current BOOLEAN NOT NULL,
    counted BOOLEAN NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users(id),
    submitted_by TEXT REFERENCES users(id),
    submitted_at TIMESTAMP,
    approved_by TEXT REFERENCES users(id),
    approved_at TIMESTAMP,
    return_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (indicator_id, agency_id, period, revision)
);
CREATE INDEX indicator_values_series_idx ON indicator_values(indicator_id, agency_id, period, is_current);
CREATE INDEX indicator_values_counted_idx ON indicator_values(indicator_id, counted, period_end);
CREATE INDEX indicator_values_status_idx ON indicator_values(status, agency_id);

CREATE TABLE indicator_sets (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    owner_agency_id TEXT NOT NULL REFERENCES agencies(id),
    set_version INTEGER NOT NULL,
    status TEXT NOT NULL,
    published_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (code, set_version)
);

CREATE TABLE indicator_set_items (
    set_id TEXT NOT NULL REFERENCES indicator_sets(id),
    indicator_id TEXT NOT NULL REFERENCES indicators(id),
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (set_id, indicator_id)
);

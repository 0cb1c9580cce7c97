-- Maintained KPI aggregates for dashboards. `kpi_series_state` holds, per series (indicator ×
-- reporting agency), the class of its latest approved figure against its target (on_track,
-- off_track, no_target, no_data) and whether the last finished period was reported (not a draft)
-- and on time. The server keeps it current on every figure, target and indicator write, and
-- re-derives it daily (periods end with the date alone). Triggers add each series to
-- `scope_kpi_stats` of its agency and every ancestor, so a dashboard reads one row.
CREATE TABLE kpi_series_state (
    indicator_id TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    achievement TEXT NOT NULL,
    reported BOOLEAN NOT NULL,
    timely BOOLEAN NOT NULL,
    PRIMARY KEY (indicator_id, agency_id)
);
CREATE INDEX kpi_series_state_agency_idx ON kpi_series_state(agency_id);

CREATE TABLE scope_kpi_stats (
    scope_id TEXT PRIMARY KEY NOT NULL,
    series BIGINT NOT NULL,
    on_track BIGINT NOT NULL,
    off_track BIGINT NOT NULL,
    no_target BIGINT NOT NULL,
    no_data BIGINT NOT NULL,
    reported BIGINT NOT NULL,
    timely BIGINT NOT NULL
);

-- A bulk re-derivation (`restrack.bulk` set for its transaction) rebuilds the scope counts in one
-- statement afterwards instead: thousands of updates of the same scope rows in one transaction
-- would each walk that row's growing version chain.
CREATE FUNCTION kpi_series_state_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('restrack.bulk', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO scope_kpi_stats (scope_id, series, on_track, off_track, no_target, no_data, reported, timely)
    SELECT c.ancestor_id, -1, CASE WHEN OLD.achievement = 'on_track' THEN -1 ELSE 0 END, CASE WHEN OLD.achievement = 'off_track' THEN -1 ELSE 0 END,
           CASE WHEN OLD.achievement = 'no_target' THEN -1 ELSE 0 END, CASE WHEN OLD.achievement = 'no_data' THEN -1 ELSE 0 END, CASE WHEN OLD.reported THEN -1 ELSE 0 END, CASE WHEN OLD.timely THEN -1 ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = OLD.agency_id
    ON CONFLICT (scope_id) DO UPDATE SET series = scope_kpi_stats.series + excluded.series,
        on_track = scope_kpi_stats.on_track + excluded.on_track, off_track = scope_kpi_stats.off_track + excluded.off_track,
        no_target = scope_kpi_stats.no_target + excluded.no_target, no_data = scope_kpi_stats.no_data + excluded.no_data,
        reported = scope_kpi_stats.reported + excluded.reported, timely = scope_kpi_stats.timely + excluded.timely;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO scope_kpi_stats (scope_id, series, on_track, off_track, no_target, no_data, reported, timely)
    SELECT c.ancestor_id, +1, CASE WHEN NEW.achievement = 'on_track' THEN +1 ELSE 0 END, CASE WHEN NEW.achievement = 'off_track' THEN +1 ELSE 0 END,
           CASE WHEN NEW.achievement = 'no_target' THEN +1 ELSE 0 END, CASE WHEN NEW.achievement = 'no_data' THEN +1 ELSE 0 END, CASE WHEN NEW.reported THEN +1 ELSE 0 END, CASE WHEN NEW.timely THEN +1 ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = NEW.agency_id
    ON CONFLICT (scope_id) DO UPDATE SET series = scope_kpi_stats.series + excluded.series,
        on_track = scope_kpi_stats.on_track + excluded.on_track, off_track = scope_kpi_stats.off_track + excluded.off_track,
        no_target = scope_kpi_stats.no_target + excluded.no_target, no_data = scope_kpi_stats.no_data + excluded.no_data,
        reported = scope_kpi_stats.reported + excluded.reported, timely = scope_kpi_stats.timely + excluded.timely;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER kpi_series_state_stats AFTER INSERT OR UPDATE OR DELETE ON kpi_series_state
    FOR EACH ROW EXECUTE FUNCTION kpi_series_state_stats();

-- The newest approved figure of one series, for the per-write refresh.
CREATE INDEX indicator_values_series_counted_idx ON indicator_values(indicator_id, agency_id, counted, period_end);

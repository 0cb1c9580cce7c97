-- The hierarchy through time: one row per state of an agency (code, name, kind, parent, status),
-- valid from `valid_from` until `valid_to` (NULL: still valid). Kept by a trigger on every write to
-- `agencies`, whatever the path (create, update, move, merge, undo, dissolve), so `?as_of=DATE`
-- can show the tree as it was.
CREATE TABLE agency_versions (
    id BIGSERIAL PRIMARY KEY,
    agency_id TEXT NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT,
    status TEXT NOT NULL,
    merged_into_id TEXT
);
CREATE INDEX agency_versions_agency_idx ON agency_versions (agency_id, valid_from);
CREATE INDEX agency_versions_valid_idx ON agency_versions (valid_from, valid_to);

-- What exists already is recorded as it is now, since its creation.
INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id)
SELECT id, created_at, NULL, code, name, kind, parent_id, status, merged_into_id FROM agencies;

CREATE FUNCTION agency_versions_track() RETURNS trigger AS $$
DECLARE
    t TIMESTAMP := clock_timestamp() AT TIME ZONE 'UTC';
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM agency_versions WHERE agency_id = OLD.id;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        t := NEW.created_at;
    ELSE
        IF NEW.code IS NOT DISTINCT FROM OLD.code AND NEW.name IS NOT DISTINCT FROM OLD.name
           AND NEW.kind IS NOT DISTINCT FROM OLD.kind AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id
           AND NEW.status IS NOT DISTINCT FROM OLD.status
           AND NEW.merged_into_id IS NOT DISTINCT FROM OLD.merged_into_id THEN
            RETURN NEW;
        END IF;
        UPDATE agency_versions SET valid_to = t WHERE agency_id = NEW.id AND valid_to IS NULL;
    END IF;
    INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id)
    VALUES (NEW.id, t, NULL, NEW.code, NEW.name, NEW.kind, NEW.parent_id, NEW.status, NEW.merged_into_id);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER agency_versions_track AFTER INSERT OR UPDATE OR DELETE ON agencies
FOR EACH ROW EXECUTE FUNCTION agency_versions_track();

-- Each merge with exactly what it moved, so an administrator can undo it while nothing has been
-- written to the agencies involved since.
CREATE TABLE agency_merges (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES agencies(id),
    into_id TEXT NOT NULL REFERENCES agencies(id),
    previous_parent_id TEXT REFERENCES agencies(id),
    moved TEXT NOT NULL,
    merged_at TIMESTAMP NOT NULL,
    merged_by TEXT NOT NULL,
    undone_at TIMESTAMP,
    undone_by TEXT
);
CREATE INDEX agency_merges_source_idx ON agency_merges (source_id, merged_at);

-- Tasks through time, for dashboards `?as_of=DATE`: who led each task, its status and progress,
-- kept by a trigger like the agencies' versions (health is derived from these and the date).
CREATE TABLE task_versions (
    id BIGSERIAL PRIMARY KEY,
    task_id TEXT NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    resolution_id TEXT NOT NULL,
    parent_id TEXT,
    lead_agency_id TEXT NOT NULL,
    status TEXT NOT NULL,
    progress DOUBLE PRECISION NOT NULL,
    weight DOUBLE PRECISION NOT NULL,
    start_date DATE NOT NULL,
    due_date DATE NOT NULL
);
CREATE INDEX task_versions_lead_idx ON task_versions (lead_agency_id, valid_from);
CREATE INDEX task_versions_task_idx ON task_versions (task_id, valid_from);

INSERT INTO task_versions (task_id, valid_from, valid_to, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date)
SELECT id, created_at, NULL, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date FROM tasks;

CREATE FUNCTION task_versions_track() RETURNS trigger AS $$
DECLARE
    t TIMESTAMP := clock_timestamp() AT TIME ZONE 'UTC';
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM task_versions WHERE task_id = OLD.id;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        t := NEW.created_at;
    ELSE
        IF NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id
           AND NEW.lead_agency_id IS NOT DISTINCT FROM OLD.lead_agency_id
           AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.progress IS NOT DISTINCT FROM OLD.progress
           AND NEW.weight IS NOT DISTINCT FROM OLD.weight AND NEW.start_date IS NOT DISTINCT FROM OLD.start_date
           AND NEW.due_date IS NOT DISTINCT FROM OLD.due_date THEN
            RETURN NEW;
        END IF;
        UPDATE task_versions SET valid_to = t WHERE task_id = NEW.id AND valid_to IS NULL;
    END IF;
    INSERT INTO task_versions (task_id, valid_from, valid_to, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date)
    VALUES (NEW.id, t, NULL, NEW.resolution_id, NEW.parent_id, NEW.lead_agency_id, NEW.status, NEW.progress, NEW.weight, NEW.start_date, NEW.due_date);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER task_versions_track AFTER INSERT OR UPDATE OR DELETE ON tasks
FOR EACH ROW EXECUTE FUNCTION task_versions_track();

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

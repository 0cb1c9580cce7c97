-- Sector lines (ngành dọc): besides its administrative parent, an agency may belong to the sector
-- line of a ministry (a province's Department of Education to the Ministry of Education and
-- Training) or of a department (a commune's education officer to the province's department).
ALTER TABLE agencies ADD COLUMN sector_ministry_id TEXT REFERENCES agencies(id);
CREATE INDEX agencies_sector_ministry ON agencies (sector_ministry_id);

-- Kept through time like the parent, for `?as_of=`.
ALTER TABLE agency_versions ADD COLUMN sector_ministry_id TEXT;

CREATE OR REPLACE FUNCTION agency_versions_track() RETURNS trigger AS $$
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
           AND NEW.merged_into_id IS NOT DISTINCT FROM OLD.merged_into_id
           AND NEW.sector_ministry_id IS NOT DISTINCT FROM OLD.sector_ministry_id THEN
            RETURN NEW;
        END IF;
        UPDATE agency_versions SET valid_to = t WHERE agency_id = NEW.id AND valid_to IS NULL;
    END IF;
    INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id, sector_ministry_id)
    VALUES (NEW.id, t, NULL, NEW.code, NEW.name, NEW.kind, NEW.parent_id, NEW.status, NEW.merged_into_id, NEW.sector_ministry_id);
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- Who is in whose line, transitively (a commune officer → the province's department → the
-- ministry): one row per (head, member), rebuilt by the service whenever a sector line changes.
-- A member's whole administrative subtree belongs to the line with it (through agency_closure).
CREATE TABLE sector_closure (
    head_id TEXT NOT NULL REFERENCES agencies(id),
    member_id TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (head_id, member_id)
);
CREATE INDEX sector_closure_member ON sector_closure (member_id, head_id);

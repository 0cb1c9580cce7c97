-- Sector lines (ngành dọc): besides its administrative parent, an agency may belong to the sector
-- line of a ministry (a province's Department of Education to the Ministry of Education and
-- Training) or of a department (a commune's education officer to the province's department).
ALTER TABLE agencies ADD COLUMN sector_ministry_id TEXT REFERENCES agencies(id);
CREATE INDEX agencies_sector_ministry ON agencies (sector_ministry_id);

-- Kept through time like the parent, for `?as_of=`.
ALTER TABLE agency_versions ADD COLUMN sector_ministry_id TEXT;

DROP TRIGGER agency_versions_insert;
DROP TRIGGER agency_versions_update;

CREATE TRIGGER agency_versions_insert AFTER INSERT ON agencies
BEGIN
    INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id, sector_ministry_id)
    VALUES (NEW.id, NEW.created_at, NULL, NEW.code, NEW.name, NEW.kind, NEW.parent_id, NEW.status, NEW.merged_into_id, NEW.sector_ministry_id);
END;

CREATE TRIGGER agency_versions_update AFTER UPDATE OF code, name, kind, parent_id, status, merged_into_id, sector_ministry_id ON agencies
WHEN NEW.code IS NOT OLD.code OR NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind
  OR NEW.parent_id IS NOT OLD.parent_id OR NEW.status IS NOT OLD.status
  OR NEW.merged_into_id IS NOT OLD.merged_into_id OR NEW.sector_ministry_id IS NOT OLD.sector_ministry_id
BEGIN
    UPDATE agency_versions SET valid_to = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE agency_id = NEW.id AND valid_to IS NULL;
    INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id, sector_ministry_id)
    VALUES (NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, NEW.code, NEW.name, NEW.kind, NEW.parent_id, NEW.status, NEW.merged_into_id, NEW.sector_ministry_id);
END;

-- Who is in whose line, transitively (a commune officer → the province's department → the
-- ministry): one row per (head, member), rebuilt by the service whenever a sector line changes.
-- A member's whole administrative subtree belongs to the line with it (through agency_closure).
CREATE TABLE sector_closure (
    head_id TEXT NOT NULL REFERENCES agencies(id),
    member_id TEXT NOT NULL REFERENCES agencies(id),
    PRIMARY KEY (head_id, member_id)
);
CREATE INDEX sector_closure_member ON sector_closure (member_id, head_id);

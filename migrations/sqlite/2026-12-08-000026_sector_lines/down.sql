DROP TABLE sector_closure;
DROP TRIGGER agency_versions_insert;
DROP TRIGGER agency_versions_update;
CREATE TRIGGER agency_versions_insert AFTER INSERT ON agencies
BEGIN
    INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id)
    VALUES (NEW.id, NEW.created_at, NULL, NEW.code, NEW.name, NEW.kind, NEW.parent_id, NEW.status, NEW.merged_into_id);
END;
CREATE TRIGGER agency_versions_update AFTER UPDATE OF code, name, kind, parent_id, status, merged_into_id ON agencies
WHEN NEW.code IS NOT OLD.code OR NEW.name IS NOT OLD.name OR NEW.kind IS NOT OLD.kind
  OR NEW.parent_id IS NOT OLD.parent_id OR NEW.status IS NOT OLD.status
  OR NEW.merged_into_id IS NOT OLD.merged_into_id
BEGIN
    UPDATE agency_versions SET valid_to = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE agency_id = NEW.id AND valid_to IS NULL;
    INSERT INTO agency_versions (agency_id, valid_from, valid_to, code, name, kind, parent_id, status, merged_into_id)
    VALUES (NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, NEW.code, NEW.name, NEW.kind, NEW.parent_id, NEW.status, NEW.merged_into_id);
END;
ALTER TABLE agency_versions DROP COLUMN sector_ministry_id;
DROP INDEX agencies_sector_ministry;
ALTER TABLE agencies DROP COLUMN sector_ministry_id;

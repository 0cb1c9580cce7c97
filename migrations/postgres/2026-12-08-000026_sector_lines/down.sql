DROP TABLE sector_closure;
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
ALTER TABLE agency_versions DROP COLUMN sector_ministry_id;
DROP INDEX agencies_sector_ministry;
ALTER TABLE agencies DROP COLUMN sector_ministry_id;

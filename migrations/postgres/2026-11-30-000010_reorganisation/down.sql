DROP TABLE agency_merges;
DROP TRIGGER agency_versions_track ON agencies;
DROP FUNCTION agency_versions_track();
DROP TABLE agency_versions;

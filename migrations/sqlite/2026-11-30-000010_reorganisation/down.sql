DROP TABLE agency_merges;
DROP TRIGGER agency_versions_delete;
DROP TRIGGER agency_versions_update;
DROP TRIGGER agency_versions_insert;
DROP TABLE agency_versions;

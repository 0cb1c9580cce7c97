DROP TRIGGER task_versions_track ON tasks;
DROP FUNCTION task_versions_track();
DROP TABLE task_versions;
DROP TABLE agency_merges;
DROP TRIGGER agency_versions_track ON agencies;
DROP FUNCTION agency_versions_track();
DROP TABLE agency_versions;

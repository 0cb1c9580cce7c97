-- A past day's children of one agency (GET /agencies?parent_id=&as_of=) without reading every version.
CREATE INDEX agency_versions_parent ON agency_versions (parent_id, valid_from);

-- The hierarchy through time: one row per state of an agency (code, name, kind, parent, status),
-- valid from `valid_from` until `valid_to` (NULL: still valid). Kept by triggers on every write to
-- `agencies`, whatever the path (create, update, move, merge, undo, dissolve), so `?as_of=DATE`
-- can show the tree as it was.
CREATE TABLE agency_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE TRIGGER agency_versions_delete AFTER DELETE ON agencies
BEGIN
    DELETE FROM agency_versions WHERE agency_id = OLD.id;
END;

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
-- kept by triggers like the agencies' versions (health is derived from these and the date).
CREATE TABLE task_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL,
    valid_from TIMESTAMP NOT NULL,
    valid_to TIMESTAMP,
    resolution_id TEXT NOT NULL,
    parent_id TEXT,
    lead_agency_id TEXT NOT NULL,
    status TEXT NOT NULL,
    progress DOUBLE NOT NULL,
    weight DOUBLE NOT NULL,
    start_date DATE NOT NULL,
    due_date DATE NOT NULL
);
CREATE INDEX task_versions_lead_idx ON task_versions (lead_agency_id, valid_from);
CREATE INDEX task_versions_task_idx ON task_versions (task_id, valid_from);

INSERT INTO task_versions (task_id, valid_from, valid_to, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date)
SELECT id, created_at, NULL, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date FROM tasks;

CREATE TRIGGER task_versions_insert AFTER INSERT ON tasks
BEGIN
    INSERT INTO task_versions (task_id, valid_from, valid_to, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date)
    VALUES (NEW.id, NEW.created_at, NULL, NEW.resolution_id, NEW.parent_id, NEW.lead_agency_id, NEW.status, NEW.progress, NEW.weight, NEW.start_date, NEW.due_date);
END;

CREATE TRIGGER task_versions_update AFTER UPDATE OF parent_id, lead_agency_id, status, progress, weight, start_date, due_date ON tasks
WHEN NEW.parent_id IS NOT OLD.parent_id OR NEW.lead_agency_id IS NOT OLD.lead_agency_id
  OR NEW.status IS NOT OLD.status OR NEW.progress IS NOT OLD.progress OR NEW.weight IS NOT OLD.weight
  OR NEW.start_date IS NOT OLD.start_date OR NEW.due_date IS NOT OLD.due_date
BEGIN
    UPDATE task_versions SET valid_to = strftime('%Y-%m-%d %H:%M:%f', 'now')
    WHERE task_id = NEW.id AND valid_to IS NULL;
    INSERT INTO task_versions (task_id, valid_from, valid_to, resolution_id, parent_id, lead_agency_id, status, progress, weight, start_date, due_date)
    VALUES (NEW.id, strftime('%Y-%m-%d %H:%M:%f', 'now'), NULL, NEW.resolution_id, NEW.parent_id, NEW.lead_agency_id, NEW.status, NEW.progress, NEW.weight, NEW.start_date, NEW.due_date);
END;

CREATE TRIGGER task_versions_delete AFTER DELETE ON tasks
BEGIN
    DELETE FROM task_versions WHERE task_id = OLD.id;
END;

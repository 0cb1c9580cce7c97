-- Maintained task aggregates for dashboards. Every task stores its health (as of the day it was
-- last written or refreshed) and the lead agency of its parent; `scope_task_stats` holds, for every
-- agency and each of its ancestors (through the closure table), per resolution, status and health:
-- the number of tasks and the weight and weighted progress of the scope's top tasks (those whose
-- parent is led outside the scope). Triggers keep it exact on every insert, update and delete, so
-- a dashboard reads a few dozen rows instead of the task tree. Health changes with the date alone,
-- so the periodic job re-derives it (`UPDATE … WHERE health <> …`), which moves the counts too.
ALTER TABLE tasks ADD COLUMN health TEXT NOT NULL DEFAULT 'on_track';
ALTER TABLE tasks ADD COLUMN parent_lead_agency_id TEXT;

CREATE TABLE scope_task_stats (
    scope_id TEXT NOT NULL,
    resolution_id TEXT NOT NULL,
    status TEXT NOT NULL,
    health TEXT NOT NULL,
    n INTEGER NOT NULL,
    top_w DOUBLE PRECISION NOT NULL,
    top_wp DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (scope_id, resolution_id, status, health)
);

-- The health rule of api/src/tasks/health.rs, in SQL (UTC date, like the server).
UPDATE tasks SET
    health = CASE
        WHEN status IN ('completed', 'cancelled') THEN 'done'
        WHEN due_date < date('now') THEN 'overdue'
        WHEN progress >= MAX(0.0, MIN(100.0, 100.0 * (julianday(date('now')) - julianday(start_date)) / MAX(1.0, julianday(due_date) - julianday(start_date)))) - 10.0 THEN 'on_track'
        WHEN progress >= MAX(0.0, MIN(100.0, 100.0 * (julianday(date('now')) - julianday(start_date)) / MAX(1.0, julianday(due_date) - julianday(start_date)))) - 25.0 THEN 'at_risk'
        ELSE 'off_track' END,
    parent_lead_agency_id = (SELECT p.lead_agency_id FROM tasks p WHERE p.id = tasks.parent_id);

INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp)
SELECT c.ancestor_id, t.resolution_id, t.status, t.health, COUNT(*),
       SUM(CASE WHEN t.status <> 'cancelled' AND (t.parent_lead_agency_id IS NULL OR NOT EXISTS (
           SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = t.parent_lead_agency_id))
           THEN t.weight ELSE 0 END),
       SUM(CASE WHEN t.status <> 'cancelled' AND (t.parent_lead_agency_id IS NULL OR NOT EXISTS (
           SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = t.parent_lead_agency_id))
           THEN t.weight * t.progress ELSE 0 END)
FROM tasks t JOIN agency_closure c ON c.descendant_id = t.lead_agency_id
GROUP BY c.ancestor_id, t.resolution_id, t.status, t.health;

-- Derived columns: health and the parent's lead, on insert and when their inputs change.
CREATE TRIGGER tasks_derive_insert AFTER INSERT ON tasks BEGIN
    UPDATE tasks SET
        health = CASE
            WHEN NEW.status IN ('completed', 'cancelled') THEN 'done'
            WHEN NEW.due_date < date('now') THEN 'overdue'
            WHEN NEW.progress >= MAX(0.0, MIN(100.0, 100.0 * (julianday(date('now')) - julianday(NEW.start_date)) / MAX(1.0, julianday(NEW.due_date) - julianday(NEW.start_date)))) - 10.0 THEN 'on_track'
            WHEN NEW.progress >= MAX(0.0, MIN(100.0, 100.0 * (julianday(date('now')) - julianday(NEW.start_date)) / MAX(1.0, julianday(NEW.due_date) - julianday(NEW.start_date)))) - 25.0 THEN 'at_risk'
            ELSE 'off_track' END,
        parent_lead_agency_id = (SELECT p.lead_agency_id FROM tasks p WHERE p.id = NEW.parent_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER tasks_derive_update AFTER UPDATE OF status, progress, start_date, due_date, parent_id ON tasks BEGIN
    UPDATE tasks SET
        health = CASE
            WHEN NEW.status IN ('completed', 'cancelled') THEN 'done'
            WHEN NEW.due_date < date('now') THEN 'overdue'
            WHEN NEW.progress >= MAX(0.0, MIN(100.0, 100.0 * (julianday(date('now')) - julianday(NEW.start_date)) / MAX(1.0, julianday(NEW.due_date) - julianday(NEW.start_date)))) - 10.0 THEN 'on_track'
            WHEN NEW.progress >= MAX(0.0, MIN(100.0, 100.0 * (julianday(date('now')) - julianday(NEW.start_date)) / MAX(1.0, julianday(NEW.due_date) - julianday(NEW.start_date)))) - 25.0 THEN 'at_risk'
            ELSE 'off_track' END,
        parent_lead_agency_id = (SELECT p.lead_agency_id FROM tasks p WHERE p.id = NEW.parent_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER tasks_lead_moves_children AFTER UPDATE OF lead_agency_id ON tasks BEGIN
    UPDATE tasks SET parent_lead_agency_id = NEW.lead_agency_id WHERE parent_id = NEW.id;
END;

-- The aggregates: take the old row out of its buckets, put the new one in.
CREATE TRIGGER tasks_stats_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp)
    SELECT c.ancestor_id, NEW.resolution_id, NEW.status, NEW.health, 1,
           CASE WHEN NEW.status <> 'cancelled' AND (NEW.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = NEW.parent_lead_agency_id))
               THEN NEW.weight ELSE 0 END,
           CASE WHEN NEW.status <> 'cancelled' AND (NEW.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = NEW.parent_lead_agency_id))
               THEN NEW.weight * NEW.progress ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = NEW.lead_agency_id
    ON CONFLICT (scope_id, resolution_id, status, health) DO UPDATE SET
        n = n + excluded.n, top_w = top_w + excluded.top_w, top_wp = top_wp + excluded.top_wp;
END;

CREATE TRIGGER tasks_stats_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp)
    SELECT c.ancestor_id, OLD.resolution_id, OLD.status, OLD.health, -1,
           CASE WHEN OLD.status <> 'cancelled' AND (OLD.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = OLD.parent_lead_agency_id))
               THEN -OLD.weight ELSE 0 END,
           CASE WHEN OLD.status <> 'cancelled' AND (OLD.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = OLD.parent_lead_agency_id))
               THEN -OLD.weight * OLD.progress ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = OLD.lead_agency_id
    ON CONFLICT (scope_id, resolution_id, status, health) DO UPDATE SET
        n = n + excluded.n, top_w = top_w + excluded.top_w, top_wp = top_wp + excluded.top_wp;
END;

CREATE TRIGGER tasks_stats_update AFTER UPDATE OF resolution_id, lead_agency_id, status, health, weight, progress, parent_lead_agency_id ON tasks BEGIN
    INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp)
    SELECT c.ancestor_id, OLD.resolution_id, OLD.status, OLD.health, -1,
           CASE WHEN OLD.status <> 'cancelled' AND (OLD.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = OLD.parent_lead_agency_id))
               THEN -OLD.weight ELSE 0 END,
           CASE WHEN OLD.status <> 'cancelled' AND (OLD.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = OLD.parent_lead_agency_id))
               THEN -OLD.weight * OLD.progress ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = OLD.lead_agency_id
    ON CONFLICT (scope_id, resolution_id, status, health) DO UPDATE SET
        n = n + excluded.n, top_w = top_w + excluded.top_w, top_wp = top_wp + excluded.top_wp;
    INSERT INTO scope_task_stats (scope_id, resolution_id, status, health, n, top_w, top_wp)
    SELECT c.ancestor_id, NEW.resolution_id, NEW.status, NEW.health, 1,
           CASE WHEN NEW.status <> 'cancelled' AND (NEW.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = NEW.parent_lead_agency_id))
               THEN NEW.weight ELSE 0 END,
           CASE WHEN NEW.status <> 'cancelled' AND (NEW.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = NEW.parent_lead_agency_id))
               THEN NEW.weight * NEW.progress ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = NEW.lead_agency_id
    ON CONFLICT (scope_id, resolution_id, status, health) DO UPDATE SET
        n = n + excluded.n, top_w = top_w + excluded.top_w, top_wp = top_wp + excluded.top_wp;
END;

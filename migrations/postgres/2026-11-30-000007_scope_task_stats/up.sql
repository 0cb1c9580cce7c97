-- Maintained task aggregates for dashboards (see the SQLite migration of the same name for the
-- design): tasks store their health and their parent's lead agency; `scope_task_stats` holds per
-- agency-or-ancestor, resolution, status and health the task count and the weight and weighted
-- progress of the scope's top tasks, kept exact by triggers.
ALTER TABLE tasks ADD COLUMN health TEXT NOT NULL DEFAULT 'on_track';
ALTER TABLE tasks ADD COLUMN parent_lead_agency_id TEXT;

CREATE TABLE scope_task_stats (
    scope_id TEXT NOT NULL,
    resolution_id TEXT NOT NULL,
    status TEXT NOT NULL,
    health TEXT NOT NULL,
    n BIGINT NOT NULL,
    top_w DOUBLE PRECISION NOT NULL,
    top_wp DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (scope_id, resolution_id, status, health)
);

-- The health rule of api/src/tasks/health.rs, in SQL (UTC date, like the server).
CREATE FUNCTION task_health(status TEXT, progress DOUBLE PRECISION, start_date DATE, due_date DATE)
RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN status IN ('completed', 'cancelled') THEN 'done'
        WHEN due_date < (now() AT TIME ZONE 'UTC')::date THEN 'overdue'
        WHEN progress >= GREATEST(0.0, LEAST(100.0, 100.0 * ((now() AT TIME ZONE 'UTC')::date - start_date) / GREATEST(1, due_date - start_date))) - 10.0 THEN 'on_track'
        WHEN progress >= GREATEST(0.0, LEAST(100.0, 100.0 * ((now() AT TIME ZONE 'UTC')::date - start_date) / GREATEST(1, due_date - start_date))) - 25.0 THEN 'at_risk'
        ELSE 'off_track' END
$$;

UPDATE tasks SET
    health = task_health(status, progress, start_date, due_date),
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

CREATE FUNCTION tasks_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.health := task_health(NEW.status, NEW.progress, NEW.start_date, NEW.due_date);
    IF TG_OP = 'INSERT' OR NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
        NEW.parent_lead_agency_id := (SELECT p.lead_agency_id FROM tasks p WHERE p.id = NEW.parent_id);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER tasks_derive BEFORE INSERT OR UPDATE OF status, progress, start_date, due_date, parent_id, health ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_derive();

CREATE FUNCTION tasks_lead_moves_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tasks SET parent_lead_agency_id = NEW.lead_agency_id WHERE parent_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER tasks_lead_moves_children AFTER UPDATE OF lead_agency_id ON tasks
    FOR EACH ROW WHEN (OLD.lead_agency_id IS DISTINCT FROM NEW.lead_agency_id)
    EXECUTE FUNCTION tasks_lead_moves_children();

CREATE FUNCTION scope_task_stats_add(r tasks, sign INTEGER) RETURNS void LANGUAGE sql AS $$
    INSERT INTO scope_task_stats AS s (scope_id, resolution_id, status, health, n, top_w, top_wp)
    SELECT c.ancestor_id, r.resolution_id, r.status, r.health, sign,
           CASE WHEN r.status <> 'cancelled' AND (r.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = r.parent_lead_agency_id))
               THEN sign * r.weight ELSE 0 END,
           CASE WHEN r.status <> 'cancelled' AND (r.parent_lead_agency_id IS NULL OR NOT EXISTS (
               SELECT 1 FROM agency_closure c2 WHERE c2.ancestor_id = c.ancestor_id AND c2.descendant_id = r.parent_lead_agency_id))
               THEN sign * r.weight * r.progress ELSE 0 END
    FROM agency_closure c WHERE c.descendant_id = r.lead_agency_id
    ON CONFLICT (scope_id, resolution_id, status, health) DO UPDATE SET
        n = s.n + excluded.n, top_w = s.top_w + excluded.top_w, top_wp = s.top_wp + excluded.top_wp
$$;

CREATE FUNCTION tasks_stats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM scope_task_stats_add(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        PERFORM scope_task_stats_add(NEW, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tasks_stats AFTER INSERT OR DELETE OR UPDATE OF resolution_id, lead_agency_id, status, health, weight, progress, parent_lead_agency_id ON tasks
    FOR EACH ROW EXECUTE FUNCTION tasks_stats();

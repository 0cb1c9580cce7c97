-- Task health is defined once, in api/src/tasks/health.rs: every SQLite connection registers that
-- rule as the SQL function task_health(status, progress, start_date, due_date, today), and the
-- triggers call it instead of repeating the thresholds.
DROP TRIGGER tasks_derive_insert;
DROP TRIGGER tasks_derive_update;

CREATE TRIGGER tasks_derive_insert AFTER INSERT ON tasks BEGIN
    UPDATE tasks SET
        health = task_health(NEW.status, NEW.progress, NEW.start_date, NEW.due_date, date('now')),
        parent_lead_agency_id = (SELECT p.lead_agency_id FROM tasks p WHERE p.id = NEW.parent_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER tasks_derive_update AFTER UPDATE OF status, progress, start_date, due_date, parent_id ON tasks BEGIN
    UPDATE tasks SET
        health = task_health(NEW.status, NEW.progress, NEW.start_date, NEW.due_date, date('now')),
        parent_lead_agency_id = (SELECT p.lead_agency_id FROM tasks p WHERE p.id = NEW.parent_id)
    WHERE id = NEW.id;
END;

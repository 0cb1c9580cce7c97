DROP TRIGGER tasks_derive_insert;
DROP TRIGGER tasks_derive_update;

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


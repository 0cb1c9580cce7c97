DROP TRIGGER tasks_stats_update;
DROP TRIGGER tasks_stats_delete;
DROP TRIGGER tasks_stats_insert;
DROP TRIGGER tasks_lead_moves_children;
DROP TRIGGER tasks_derive_update;
DROP TRIGGER tasks_derive_insert;
DROP TABLE scope_task_stats;
ALTER TABLE tasks DROP COLUMN parent_lead_agency_id;
ALTER TABLE tasks DROP COLUMN health;

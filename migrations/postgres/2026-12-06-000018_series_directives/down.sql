DROP INDEX directives_open;
DROP INDEX directives_series;
DELETE FROM directives WHERE task_id IS NULL;
ALTER TABLE directives DROP CONSTRAINT directives_series;
ALTER TABLE directives DROP CONSTRAINT directives_subject;
ALTER TABLE directives DROP COLUMN agency_id;
ALTER TABLE directives DROP COLUMN indicator_id;
ALTER TABLE directives ALTER COLUMN task_id SET NOT NULL;

CREATE INDEX tasks_lead_due_idx ON tasks(lead_agency_id, due_date);
DROP INDEX tasks_lead_due_code_idx;

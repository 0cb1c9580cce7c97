-- Task lists sort a subtree's tasks by due date and code: with the id in the index, the page of ids
-- is found without touching the table (the rows are fetched by id afterwards).
CREATE INDEX IF NOT EXISTS tasks_lead_due_code_idx ON tasks(lead_agency_id, due_date, code, id);
DROP INDEX IF EXISTS tasks_lead_due_idx;

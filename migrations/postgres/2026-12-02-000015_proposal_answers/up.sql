-- Proposals (kiến nghị) in a progress report are answered by the level above, like directives.
ALTER TABLE progress_reports ADD COLUMN proposals_answer TEXT;
ALTER TABLE progress_reports ADD COLUMN proposals_answered_by TEXT;
ALTER TABLE progress_reports ADD COLUMN proposals_answered_at TIMESTAMP;

ALTER TABLE progress_reports DROP COLUMN proposals_answered_at;
ALTER TABLE progress_reports DROP COLUMN proposals_answered_by;
ALTER TABLE progress_reports DROP COLUMN proposals_answer;

DROP TABLE mail_outbox;
DROP TABLE notifications;
ALTER TABLE users DROP COLUMN notify;
ALTER TABLE users DROP COLUMN email;
ALTER TABLE resolutions DROP COLUMN report_due_day;
ALTER TABLE resolutions DROP COLUMN report_frequency;
DROP TABLE period_unlocks;
DROP TABLE reporting_calendar_levels;
DROP TABLE reporting_calendars;

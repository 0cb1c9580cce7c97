DROP TABLE report_runs;
DROP TABLE report_schedule_recipients;
DROP TABLE report_schedules;

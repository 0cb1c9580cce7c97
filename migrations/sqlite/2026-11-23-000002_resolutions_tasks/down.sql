DROP TABLE progress_reports;
DROP TABLE task_coordinators;
DROP TABLE tasks;
DROP TABLE resolutions;

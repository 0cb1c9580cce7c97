DROP TABLE imports;
DROP TABLE api_keys;
ALTER TABLE users DROP COLUMN is_service;

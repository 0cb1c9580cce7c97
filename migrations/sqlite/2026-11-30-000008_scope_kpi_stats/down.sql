DROP INDEX indicator_values_series_counted_idx;
DROP TRIGGER kpi_series_state_update;
DROP TRIGGER kpi_series_state_delete;
DROP TRIGGER kpi_series_state_insert;
DROP TABLE scope_kpi_stats;
DROP TABLE kpi_series_state;

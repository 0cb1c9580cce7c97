DROP INDEX indicator_values_series_counted_idx;
DROP TRIGGER kpi_series_state_stats ON kpi_series_state;
DROP FUNCTION kpi_series_state_stats();
DROP TABLE scope_kpi_stats;
DROP TABLE kpi_series_state;

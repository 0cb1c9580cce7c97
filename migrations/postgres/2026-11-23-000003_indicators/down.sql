DROP TABLE indicator_set_items;
DROP TABLE indicator_sets;
DROP TABLE indicator_values;
DROP TABLE indicator_components;
DROP TABLE indicator_targets;
DROP TABLE indicator_reporters;
DROP TABLE indicators;

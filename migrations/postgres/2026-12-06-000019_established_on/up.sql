-- The day an agency was established (the state's decision taking effect, for example 1 July 2025
-- for the units of the reform); its first version begins then. Existing agencies: the day they
-- were recorded.
ALTER TABLE agencies ADD COLUMN established_on DATE;
UPDATE agencies SET established_on = created_at::date;

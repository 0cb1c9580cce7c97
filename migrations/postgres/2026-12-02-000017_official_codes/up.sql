-- The state's official code of an administrative unit (mã đơn vị hành chính: `01` for Hà Nội,
-- five digits for a commune), besides the internal code; unique when set.
ALTER TABLE agencies ADD COLUMN official_code TEXT;
CREATE UNIQUE INDEX agencies_official_code ON agencies (official_code);

-- A merge takes effect on a day that may lie before it was recorded (`merged_at`).
ALTER TABLE agency_merges ADD COLUMN effective_on DATE;

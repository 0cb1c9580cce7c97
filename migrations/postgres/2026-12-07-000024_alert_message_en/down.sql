ALTER TABLE alerts DROP COLUMN message_en;

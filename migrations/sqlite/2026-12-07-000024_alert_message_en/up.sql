-- Alerts say what they found in English too (the web app shows the reader's language); empty for
-- alerts raised before this, until the next evaluation writes it.
ALTER TABLE alerts ADD COLUMN message_en TEXT NOT NULL DEFAULT '';

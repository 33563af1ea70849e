-- Personal data kept only as long as needed (domain/privacy.py, services/privacy.py).
-- erase_requested: the citizen asked (/dulieucuatoi) to delete their data while the complaint was
-- still open; it is anonymised once closed. anonymised_at: when its personal data went.
ALTER TABLE complaints ADD COLUMN erase_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN anonymised_at TEXT;
CREATE INDEX complaints_closed ON complaints(closed_at) WHERE anonymised_at IS NULL;

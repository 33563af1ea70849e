-- Plans side by side (issue 11): a five-year plan and the yearly plans under it live at once.
-- "Current" is no longer a flag: the plans whose period contains today are current
-- (domain/plans.py), unless archived. `plan use` pins a plan (pinned_at) so it wins over others
-- of its kind for its years; `plan archive` sets archived_at (still reportable).
ALTER TABLE plans ADD COLUMN kind TEXT NOT NULL DEFAULT 'five_year'
    CHECK (kind IN ('five_year', 'yearly'));
ALTER TABLE plans ADD COLUMN parent_slug TEXT NOT NULL DEFAULT '';
ALTER TABLE plans ADD COLUMN pinned_at TEXT;
ALTER TABLE plans ADD COLUMN archived_at TEXT;

-- A one-year plan is a yearly plan; the others keep the default (five-year).
UPDATE plans SET kind = 'yearly' WHERE period_start = period_end;
-- The plan that was current stays the preferred one among plans of the same period and kind.
UPDATE plans SET pinned_at = loaded_at WHERE is_current = 1;
ALTER TABLE plans DROP COLUMN is_current;

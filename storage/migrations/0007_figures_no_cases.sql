-- Officials' year (issue 10): a figure for a period with no dossiers ("0/0", "không phát sinh")
-- is stored with no value (NULL), not refused; SQLite cannot drop a NOT NULL constraint, so the
-- table is rebuilt with the same columns, rows and index.
CREATE TABLE indicator_figures_new (
    id            INTEGER PRIMARY KEY,
    target_id     INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    period        TEXT NOT NULL,               -- "2025-Q3", "2025-06", "2025-H1", "2025"
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    year          INTEGER NOT NULL,
    value         REAL,                        -- percent (0-100) or rank; NULL: no dossiers
    numerator     REAL,
    denominator   REAL,
    note          TEXT NOT NULL DEFAULT '',
    dept_code     TEXT,
    reporter_id   INTEGER NOT NULL,
    reporter_name TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
INSERT INTO indicator_figures_new (id, target_id, period, period_start, period_end, year, value,
    numerator, denominator, note, dept_code, reporter_id, reporter_name, created_at)
    SELECT id, target_id, period, period_start, period_end, year, value, numerator, denominator,
    note, dept_code, reporter_id, reporter_name, created_at FROM indicator_figures;
DROP TABLE indicator_figures;
ALTER TABLE indicator_figures_new RENAME TO indicator_figures;
CREATE INDEX indicator_figures_by_target ON indicator_figures(target_id, period_end, id);

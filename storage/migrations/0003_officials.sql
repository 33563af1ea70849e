-- Officials' work: task occurrences (one per period, created when something happens to it),
-- reports with their evidence, indicator figures, and Telegram groups linked to departments.

-- The day the bot began tracking a plan: occurrences due before it, with nothing reported,
-- are "untracked" rather than overdue.
CREATE TABLE occurrence_tracking (
    plan_id INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    since   TEXT NOT NULL                      -- YYYY-MM-DD
);

CREATE TABLE task_occurrences (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    period       TEXT NOT NULL,                -- "2025-Q3", "2025-06", "2025-W23", "2025"
    plan_due     TEXT NOT NULL,                -- the plan's default due date, YYYY-MM-DD
    due_override TEXT,                         -- set by a leader (/giao); NULL keeps the plan's
    progress     TEXT NOT NULL DEFAULT 'none'  -- the lead department's latest word
                 CHECK (progress IN ('none', 'in_progress', 'done')),
    done_at      TEXT,
    updated_at   TEXT NOT NULL,
    UNIQUE (task_id, period)
);

CREATE TABLE task_reports (
    id            INTEGER PRIMARY KEY,
    occurrence_id INTEGER NOT NULL REFERENCES task_occurrences(id) ON DELETE CASCADE,
    dept_code     TEXT NOT NULL REFERENCES departments(code),
    reporter_id   INTEGER NOT NULL,
    reporter_name TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('in_progress', 'done')),
    note          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    corrected_at  TEXT                         -- the last correction, if any (history: audit)
);
CREATE INDEX task_reports_by_occurrence ON task_reports(occurrence_id, id);
CREATE INDEX task_reports_by_reporter ON task_reports(reporter_id, id);

CREATE TABLE report_evidence (
    id             INTEGER PRIMARY KEY,
    report_id      INTEGER NOT NULL REFERENCES task_reports(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
    file_id        TEXT NOT NULL,
    file_unique_id TEXT NOT NULL,
    file_name      TEXT NOT NULL DEFAULT '',
    mime_type      TEXT NOT NULL DEFAULT '',
    file_size      INTEGER,
    local_path     TEXT,                       -- the ward's copy; NULL if the download failed
    created_at     TEXT NOT NULL
);
CREATE INDEX report_evidence_by_report ON report_evidence(report_id);

-- Indicator figures: every entry is kept; the latest for a target and period counts.
CREATE TABLE indicator_figures (
    id            INTEGER PRIMARY KEY,
    target_id     INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    period        TEXT NOT NULL,               -- "2025-Q3", "2025-06", "2025"
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    year          INTEGER NOT NULL,
    value         REAL NOT NULL,               -- percent (0-100) or rank
    numerator     REAL,
    denominator   REAL,
    note          TEXT NOT NULL DEFAULT '',
    dept_code     TEXT,
    reporter_id   INTEGER NOT NULL,
    reporter_name TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX indicator_figures_by_target ON indicator_figures(target_id, period_end, id);

CREATE TABLE department_groups (
    chat_id   INTEGER PRIMARY KEY,
    dept_code TEXT NOT NULL REFERENCES departments(code),
    title     TEXT NOT NULL DEFAULT '',
    linked_by INTEGER NOT NULL,
    linked_at TEXT NOT NULL
);
CREATE INDEX department_groups_by_dept ON department_groups(dept_code);

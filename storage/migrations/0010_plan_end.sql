-- The end of a plan (issue 11 item 5): leftover occurrences closed in one step, with a reason,
-- and the admins told once what to do next.
-- A closed occurrence keeps its row and its reports: it is no longer open (no reminder, no red
-- line), it counts as not done in reports, and a later "done" report still wins.
CREATE TABLE occurrence_closures (
    occurrence_id INTEGER PRIMARY KEY REFERENCES task_occurrences(id) ON DELETE CASCADE,
    reason        TEXT NOT NULL,            -- "kế hoạch kết thúc"
    closed_at     TEXT NOT NULL,
    closed_by     INTEGER                   -- the admin or leader; NULL from the command line
);

-- Which plans' end the admins were told about (once per plan, whatever restarts happen).
CREATE TABLE plan_end_notices (
    plan_id    INTEGER PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    noticed_at TEXT NOT NULL
);

-- A department mapping (issue 11 item 4): a department of the old structure moved to the new one.
-- Its members, open complaints and questions, unused invites and linked groups were moved with it
-- (services/departments.py); complaints and questions the rules send to `old_code` go to
-- `new_code` from then on.
CREATE TABLE department_moves (
    old_code TEXT PRIMARY KEY REFERENCES departments(code),
    new_code TEXT NOT NULL REFERENCES departments(code),
    moved_at TEXT NOT NULL,
    moved_by INTEGER
);

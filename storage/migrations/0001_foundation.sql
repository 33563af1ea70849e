-- Plans, their targets and tasks, departments, users and roles, invite codes, audit log.
-- Times are ISO 8601 strings in UTC ("2026-11-25T03:04:05+00:00"); dates are "YYYY-MM-DD".

CREATE TABLE departments (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT ''
);

CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    code         TEXT NOT NULL,
    title        TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    ward         TEXT NOT NULL,
    district     TEXT NOT NULL DEFAULT '',
    city         TEXT NOT NULL DEFAULT '',
    issued_on    TEXT NOT NULL,
    signed_by    TEXT NOT NULL DEFAULT '',
    period_start INTEGER NOT NULL,
    period_end   INTEGER NOT NULL CHECK (period_end >= period_start),
    source       TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    loaded_at    TEXT NOT NULL,
    is_current   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE plan_areas (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code    TEXT NOT NULL,
    name    TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    PRIMARY KEY (plan_id, code)
);

CREATE TABLE targets (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code      TEXT NOT NULL,
    area_code TEXT NOT NULL,
    section   TEXT NOT NULL,
    short     TEXT NOT NULL,
    text      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('measurable', 'qualitative')),
    metric    TEXT CHECK (metric IN ('percent', 'rank')),
    direction TEXT CHECK (direction IN ('at_least', 'above', 'at_most')),
    scope     TEXT NOT NULL DEFAULT '',
    lead_dept TEXT NOT NULL REFERENCES departments(code),
    is_sipas  INTEGER NOT NULL DEFAULT 0,
    ordinal   INTEGER NOT NULL,
    retired   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, code)
);

CREATE TABLE target_milestones (
    target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    year      INTEGER NOT NULL,
    value     REAL NOT NULL,
    value_max REAL,
    direction TEXT NOT NULL CHECK (direction IN ('at_least', 'above', 'at_most')),
    note      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (target_id, year)
);

CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('task', 'duty')),
    area_code    TEXT NOT NULL,
    section      TEXT NOT NULL,
    title        TEXT NOT NULL,
    text         TEXT NOT NULL,
    lead_dept    TEXT NOT NULL REFERENCES departments(code),
    cadence      TEXT NOT NULL CHECK (cadence IN ('once', 'weekly', 'monthly', 'quarterly', 'yearly')),
    due          TEXT NOT NULL DEFAULT '',
    is_reporting INTEGER NOT NULL DEFAULT 0,
    is_news      INTEGER NOT NULL DEFAULT 0,
    ordinal      INTEGER NOT NULL,
    retired      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, code)
);

CREATE TABLE task_supporters (
    task_id   INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    dept_code TEXT NOT NULL REFERENCES departments(code),
    PRIMARY KEY (task_id, dept_code)
);

CREATE TABLE task_targets (
    task_id     INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    target_code TEXT NOT NULL,
    PRIMARY KEY (task_id, target_code)
);

CREATE TABLE users (
    tg_id      INTEGER PRIMARY KEY,
    full_name  TEXT NOT NULL DEFAULT '',
    username   TEXT,
    role       TEXT NOT NULL DEFAULT 'citizen' CHECK (role IN ('citizen', 'official', 'leader')),
    dept_code  TEXT REFERENCES departments(code),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((role = 'citizen') = (dept_code IS NULL))
);
CREATE INDEX users_by_dept ON users(dept_code) WHERE dept_code IS NOT NULL;

CREATE TABLE invites (
    code       TEXT PRIMARY KEY,
    dept_code  TEXT NOT NULL REFERENCES departments(code),
    role       TEXT NOT NULL CHECK (role IN ('official', 'leader')),
    created_by INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by    INTEGER,
    used_at    TEXT
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id INTEGER,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_subject ON audit_log(subject, id);

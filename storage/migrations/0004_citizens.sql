-- Citizens: the procedure catalogue and its search index, questions passed to staff,
-- complaints and suggestions (phản ánh, kiến nghị) with their history, survey answers.
-- Times are ISO 8601 strings in UTC; dates are "YYYY-MM-DD".

-- The loaded catalogue (one row): when its facts were checked, and what was loaded.
CREATE TABLE procedure_catalogue (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    title        TEXT NOT NULL,
    checked_on   TEXT NOT NULL,
    portal_url   TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL,
    loaded_at    TEXT NOT NULL
);

CREATE TABLE procedures (
    code           TEXT PRIMARY KEY,
    ordinal        INTEGER NOT NULL,
    name           TEXT NOT NULL,
    field          TEXT NOT NULL,
    national_code  TEXT NOT NULL DEFAULT '',
    keywords       TEXT NOT NULL DEFAULT '[]',   -- JSON list
    documents      TEXT NOT NULL DEFAULT '[]',   -- JSON list
    days           INTEGER,                      -- working days; NULL when not known
    time_text      TEXT NOT NULL DEFAULT '',
    fee_vnd        INTEGER,                      -- NULL when not known
    fee_text       TEXT NOT NULL DEFAULT '',
    fee_exemptions TEXT NOT NULL DEFAULT '',
    where_text     TEXT NOT NULL DEFAULT '',
    online_level   TEXT NOT NULL DEFAULT '',
    online_url     TEXT NOT NULL DEFAULT '',
    online_note    TEXT NOT NULL DEFAULT '',
    legal_basis    TEXT NOT NULL DEFAULT '[]',   -- JSON list
    unverified     TEXT NOT NULL DEFAULT '[]',   -- JSON list of field names
    notes          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX procedures_by_field ON procedures(field, ordinal);

-- Full-text index: the *_f columns hold folded text (no marks, đ -> d), the *_x columns the
-- text with its marks, so that a query typed with diacritics ranks exact matches first.
CREATE VIRTUAL TABLE procedure_index USING fts5(
    code UNINDEXED,
    name_f, keywords_f, field_f, documents_f,
    name_x, keywords_x,
    tokenize = 'unicode61 remove_diacritics 0'
);
-- The folded vocabulary, for typo and Telex correction.
CREATE VIRTUAL TABLE procedure_terms USING fts5vocab(procedure_index, 'col');

-- A citizen's question that no procedure answered, passed to the ward's staff.
CREATE TABLE citizen_questions (
    id          INTEGER PRIMARY KEY,
    citizen_id  INTEGER NOT NULL,                -- the private chat to answer in
    text        TEXT NOT NULL,
    dept_code   TEXT NOT NULL REFERENCES departments(code),
    asked_at    TEXT NOT NULL,
    answer      TEXT,
    answered_by INTEGER,
    answered_at TEXT
);
CREATE INDEX questions_open ON citizen_questions(dept_code, id) WHERE answer IS NULL;

-- Complaints and suggestions. No name or phone: the chat id is what the answer needs.
CREATE TABLE complaints (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,           -- PA-2611-0042
    citizen_id   INTEGER NOT NULL,
    content      TEXT NOT NULL,
    topic        TEXT NOT NULL DEFAULT '',       -- the field the citizen chose
    dept_code    TEXT NOT NULL REFERENCES departments(code),  -- holds it
    support_dept TEXT REFERENCES departments(code),           -- department of the field
    status       TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'in_progress', 'waiting_citizen', 'closed')),
    assignee_id  INTEGER,
    latitude     REAL,
    longitude    REAL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    closed_at    TEXT,
    answer       TEXT
);
CREATE INDEX complaints_by_citizen ON complaints(citizen_id, created_at);
CREATE INDEX complaints_open ON complaints(status, due_on) WHERE status != 'closed';

CREATE TABLE complaint_photos (
    complaint_id INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    file_id      TEXT NOT NULL,
    PRIMARY KEY (complaint_id, ordinal)
);

CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    kind         TEXT NOT NULL CHECK (kind IN ('submitted', 'taken', 'reply', 'asked',
                 'citizen_info', 'reassigned', 'closed')),
    text         TEXT NOT NULL DEFAULT '',
    dept_code    TEXT
);
CREATE INDEX complaint_events_by_complaint ON complaint_events(complaint_id, id);

-- Satisfaction survey: one response per person per month (a new one replaces it), raw scores.
CREATE TABLE survey_responses (
    id            INTEGER PRIMARY KEY,
    respondent_id INTEGER NOT NULL,
    month         TEXT NOT NULL,                 -- "2025-06", in the ward's time zone
    submitted_at  TEXT NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',      -- "command" or the complaint's code
    UNIQUE (respondent_id, month)
);
CREATE INDEX survey_by_month ON survey_responses(month);

CREATE TABLE survey_answers (
    response_id INTEGER NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    question    TEXT NOT NULL,
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (response_id, question)
);

-- Citizens understood (issue 13): a closed complaint reopened by its author, the questions the
-- bot could not answer (without personal data) and what the staff said they meant.

-- complaint_events gains the kind 'reopened': SQLite changes a CHECK only by copying the table.
CREATE TABLE complaint_events_new (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    kind         TEXT NOT NULL CHECK (kind IN ('submitted', 'taken', 'reply', 'asked',
                 'citizen_info', 'reassigned', 'closed', 'reopened')),
    text         TEXT NOT NULL DEFAULT '',
    dept_code    TEXT
);
INSERT INTO complaint_events_new (id, complaint_id, at, actor_id, kind, text, dept_code)
    SELECT id, complaint_id, at, actor_id, kind, text, dept_code FROM complaint_events;
DROP TABLE complaint_events;
ALTER TABLE complaint_events_new RENAME TO complaint_events;
CREATE INDEX complaint_events_by_complaint ON complaint_events(complaint_id, id);

-- A question no procedure answered. No chat id and no name: the wording with phone numbers,
-- e-mails, ID numbers and the names after "tôi là" taken out, and the key that groups wordings
-- alike (domain.questions.wording_key).
CREATE TABLE unanswered_questions (
    id          INTEGER PRIMARY KEY,
    wording     TEXT NOT NULL,
    wording_key TEXT NOT NULL,
    asked_at    TEXT NOT NULL
);
CREATE INDEX unanswered_by_key ON unanswered_questions(wording_key, id);

-- What the staff said a wording meant: a procedure of the catalogue, or (procedure_code NULL)
-- a matter the ward does not handle. Looked up by the search before its engine.
CREATE TABLE question_mappings (
    wording_key    TEXT PRIMARY KEY,
    wording        TEXT NOT NULL,                -- an example, as shown to the staff
    procedure_code TEXT,
    mapped_by      INTEGER NOT NULL,
    mapped_at      TEXT NOT NULL
);

-- The scheduler: admin calendar overrides, CCHC news, digest subscriptions and sends, and the
-- scheduler's own small state. Reminders need no table of their own: each reminder is an
-- outbox row whose unique key names the deadline, its due date, the stage and the chat.

-- Compensatory days off and make-up working days announced after the data file was shipped;
-- applied on top of data/calendar/vn-civil-service-days.yaml (a row here wins for its day).
CREATE TABLE calendar_overrides (
    day        TEXT PRIMARY KEY,                -- YYYY-MM-DD
    kind       TEXT NOT NULL CHECK (kind IN ('day_off', 'working_day', 'not_holiday')),
    reason     TEXT NOT NULL,
    source     TEXT NOT NULL DEFAULT '',
    added_by   INTEGER NOT NULL,
    added_at   TEXT NOT NULL
);

CREATE TABLE news_posts (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',
    photo      TEXT NOT NULL DEFAULT '',        -- a Telegram file id
    author_id  INTEGER NOT NULL,
    dept_code  TEXT,
    posted_at  TEXT NOT NULL
);
CREATE INDEX news_by_time ON news_posts(posted_at);

-- A row only when a person chose: citizens subscribe (1); officials are subscribed unless they
-- left (0).
CREATE TABLE digest_subscriptions (
    chat_id    INTEGER PRIMARY KEY,
    subscribed INTEGER NOT NULL CHECK (subscribed IN (0, 1)),
    changed_at TEXT NOT NULL
);

-- One row per week whose digest was composed and queued: the text is kept so that a restart
-- in the middle of the sending sends the same digest, and the week is never composed twice.
CREATE TABLE digest_sends (
    week        TEXT PRIMARY KEY,               -- ISO week, "2026-W48"
    text        TEXT NOT NULL,
    recipients  INTEGER NOT NULL,
    composed_at TEXT NOT NULL
);

CREATE TABLE scheduler_state (
    name       TEXT PRIMARY KEY,                -- e.g. "reminders.last_scan"
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

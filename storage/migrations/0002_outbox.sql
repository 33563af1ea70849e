-- Every message that is not the direct reply to what a user just sent goes through here:
-- written in the same transaction as the change that caused it, drained by one sender.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,          -- idempotency: the same key is queued once
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL,                 -- "reminder", "digest", "complaint", ...
    payload     TEXT NOT NULL,                 -- JSON: text, parse_mode, buttons, photo, document
    created_at  TEXT NOT NULL,
    not_before  TEXT NOT NULL,                 -- not sent before (quiet hours, backoff)
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'uncertain', 'skipped', 'parked')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     TEXT,
    message_id  INTEGER
);
CREATE INDEX outbox_due ON outbox(not_before, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_by_status ON outbox(status);

-- Chats that blocked the bot (403 Forbidden): skipped from then on.
CREATE TABLE blocked_chats (
    chat_id    INTEGER PRIMARY KEY,
    blocked_at TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT ''
);

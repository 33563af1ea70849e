-- The PostgreSQL twin of storage/migrations/0016_chat_state.sql: flows' states and drafts kept in
-- the database so that any worker serves a chat's next update, and the per-chat lease that keeps
-- one chat's updates in order across processes (storage/chat_state.py). Unit data, as the rest.
CREATE TABLE chat_state (
    unit       text NOT NULL DEFAULT current_setting('cchc.unit'),
    kind       text NOT NULL,
    key        text NOT NULL,
    data       text NOT NULL,
    updated_at double precision NOT NULL, -- seconds since the epoch
    PRIMARY KEY (unit, kind, key)
);
SELECT cchc_unit_scoped('chat_state');

CREATE TABLE chat_locks (
    unit    text NOT NULL DEFAULT current_setting('cchc.unit'),
    chat_id bigint NOT NULL,
    holder  text NOT NULL,
    until   double precision NOT NULL,
    PRIMARY KEY (unit, chat_id)
);
SELECT cchc_unit_scoped('chat_locks');

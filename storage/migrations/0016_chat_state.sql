-- Conversation states and drafts kept in the database, so that any worker process can serve the
-- next update of a chat (bot/chat_state.py), and the per-chat lease that keeps one chat's updates
-- in order across processes (storage/chat_state.py).

-- kind 'flows': key '<chat>:<user>', data {flow name: state}; kind 'drafts': key '<user>',
-- data {draft type name: the draft as JSON}.
CREATE TABLE chat_state (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at REAL NOT NULL, -- seconds since the epoch
    PRIMARY KEY (kind, key)
);

-- One row while a worker processes an update of the chat; `until` (seconds since the epoch) lets
-- another worker take over the chat when the holder died holding it.
CREATE TABLE chat_locks (
    chat_id INTEGER PRIMARY KEY,
    holder TEXT NOT NULL,
    until REAL NOT NULL
);

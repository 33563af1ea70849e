-- Sender workers (issue 14 item 3): who claimed a row and when (real time, UTC). On PostgreSQL
-- several workers claim rows with FOR UPDATE SKIP LOCKED, and a row claimed by a worker that died
-- comes back after its lease (storage/outbox.py). SQLite has one sender: the columns stay empty.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_at TEXT;

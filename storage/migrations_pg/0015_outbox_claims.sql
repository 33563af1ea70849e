-- Twin of storage/migrations/0015_outbox_claims.sql: the claim of a sender worker and its lease.
ALTER TABLE outbox ADD COLUMN claimed_by text;
ALTER TABLE outbox ADD COLUMN claimed_at text;

-- Who sees to a workshop's follow-ups, as db/migrations/0011_follow_up_owners.sql. NULL: the trust's improvement lead.
ALTER TABLE workshops ADD COLUMN follow_up_owner_id bigint REFERENCES users (id);
CREATE INDEX ix_workshops_follow_up_owner ON workshops (follow_up_owner_id);
CREATE INDEX ix_users_lead_by_trust ON users (trust_id, role, created_at);

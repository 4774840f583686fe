-- Who sees to a workshop's 30, 60 and 90-day follow-ups: one Kaizen user for all of them. NULL means the trust's
-- improvement lead (a lead of the workshop's trust, not disabled, the earliest created), worked out when it is read,
-- so workshops added later and trusts that gain their first lead later are owned without anyone setting it. No one
-- when the trust has no lead. See Reminders/FollowUpOwners.cs.
ALTER TABLE workshops ADD COLUMN follow_up_owner_id INTEGER REFERENCES users (id);
CREATE INDEX ix_workshops_follow_up_owner ON workshops (follow_up_owner_id);
CREATE INDEX ix_users_lead_by_trust ON users (trust_id, role, created_at);

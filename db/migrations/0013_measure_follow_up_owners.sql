-- Who sees to one measure's follow-ups, when it is not the workshop's follow-up owner. NULL means the workshop's owner
-- (workshops.follow_up_owner_id, itself defaulting to the trust's improvement lead). See Reminders/FollowUpOwners.cs.
ALTER TABLE measures ADD COLUMN follow_up_owner_id INTEGER REFERENCES users (id);
CREATE INDEX ix_measures_follow_up_owner ON measures (follow_up_owner_id);

-- Who sees to one measure's follow-ups, as db/migrations/0013_measure_follow_up_owners.sql.
ALTER TABLE measures ADD COLUMN follow_up_owner_id bigint REFERENCES users (id);
CREATE INDEX ix_measures_follow_up_owner ON measures (follow_up_owner_id);

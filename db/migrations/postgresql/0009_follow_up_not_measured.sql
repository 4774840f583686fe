-- A follow-up closed as "won't be measured" with a reason, as db/migrations/0009_follow_up_not_measured.sql.
ALTER TABLE measures ADD COLUMN f30_not_measured text CHECK (f30_not_measured IS NULL OR length(trim(f30_not_measured)) > 0);
ALTER TABLE measures ADD COLUMN f60_not_measured text CHECK (f60_not_measured IS NULL OR length(trim(f60_not_measured)) > 0);
ALTER TABLE measures ADD COLUMN f90_not_measured text CHECK (f90_not_measured IS NULL OR length(trim(f90_not_measured)) > 0);

CREATE INDEX ix_measures_not_measured ON measures (id, f30_not_measured, f60_not_measured, f90_not_measured)
WHERE f30_not_measured IS NOT NULL OR f60_not_measured IS NOT NULL OR f90_not_measured IS NOT NULL;

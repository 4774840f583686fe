-- A follow-up can be closed as "won't be measured" with a reason (PRODUCT.md §3): it is then no longer overdue, it
-- counts as not sustained (no evidence) and it is listed among the problems with its reason. NULL = not closed.
ALTER TABLE measures ADD COLUMN f30_not_measured TEXT CHECK (f30_not_measured IS NULL OR length(trim(f30_not_measured)) > 0);
ALTER TABLE measures ADD COLUMN f60_not_measured TEXT CHECK (f60_not_measured IS NULL OR length(trim(f60_not_measured)) > 0);
ALTER TABLE measures ADD COLUMN f90_not_measured TEXT CHECK (f90_not_measured IS NULL OR length(trim(f90_not_measured)) > 0);

-- The reports read the few closed follow-ups with one query over this small partial index, so the measures' covering
-- index (ix_measures_report) stays as it is.
CREATE INDEX ix_measures_not_measured ON measures (id, f30_not_measured, f60_not_measured, f90_not_measured)
WHERE f30_not_measured IS NOT NULL OR f60_not_measured IS NOT NULL OR f90_not_measured IS NOT NULL;

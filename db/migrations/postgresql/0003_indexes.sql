-- Covering indexes for the reports' query (ReportQueries.LoadAsync), as db/migrations/0003_indexes.sql: PostgreSQL
-- can read the workshops and measures from these indexes alone (index-only scans), in the order the reports list them.
CREATE INDEX ix_workshops_report ON workshops (report_out_date, id, status, value_stream_id, reference, title);

CREATE INDEX ix_measures_report ON measures (workshop_id, position, id, kind, baseline, baseline_den, target, result,
    result_den, f30, f30_den, f60, f60_den, f90, f90_den, name);

-- Covering indexes for the reports' query (ReportQueries.LoadAsync), which reads every held workshop and every one of
-- their measures for the dashboard, the problem lists and the trust and value stream pages.
--
-- Workshops in report-out order, with every column the reports read, so the workshops are read from this index alone,
-- already in the order the reports list them (report-out date, then id): no table lookups and no sort.
CREATE INDEX ix_workshops_report ON workshops (report_out_date, id, status, value_stream_id, reference, title);

-- Measures by workshop in position order, with every column the reports read, so the measures are read from this index
-- alone, already grouped by workshop and in the order the pages show them: no table lookups and no sort.
CREATE INDEX ix_measures_report ON measures (workshop_id, position, id, kind, baseline, baseline_den, target, result,
    result_den, f30, f30_den, f60, f60_den, f90, f90_den, name);

-- Figures kept up to date as records change (issue 17). The roll-ups' sums are kept in the write transaction, so a
-- report reads a few hundred totals instead of every measure (docs/architecture.md, "A figure's path").
--
-- figures_stale: workshops whose figures must be worked out again before the transaction commits. Filled by the
-- triggers below on every change to a measure or to a workshop's status, date or value stream, whoever makes it;
-- emptied by MaintainedFigures.Refresh, which every writer calls before committing (AuditedTransaction.Commit, the
-- import, the demonstration loaders) and the app once at start (so this migration's backfill, and any change made
-- outside the app, are caught up). A report finding it not empty computes from the records instead.
CREATE TABLE figures_stale (
    workshop_id  INTEGER PRIMARY KEY
) WITHOUT ROWID;

-- One workshop's contribution per checkpoint (0, 30, 60, 90, -1 = latest) and kind (0 process time, 1 error count,
-- 2 error rate), computed by the domain's roll-up (RollUp.For on its measures): only for workshops it counts (a
-- pooled baseline above zero) and that are completed or planned. Sums are exact whole numbers of 10^-12 units
-- (Kaizen.Domain.Fixed), kept as text because they outgrow 64 bits; reduction is the workshop's own, for the median.
-- No foreign key: a deleted workshop's rows are taken out (and its totals with them) by the refresh its delete triggers.
CREATE TABLE workshop_figures (
    workshop_id      INTEGER NOT NULL,
    checkpoint       INTEGER NOT NULL,
    kind             INTEGER NOT NULL,
    trust_id         INTEGER NOT NULL,
    value_stream_id  INTEGER NOT NULL,
    report_out_date  TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('planned', 'completed')),
    direction        INTEGER NOT NULL,  -- 0 improved, 1 the same, 2 worse
    window_scaled    INTEGER NOT NULL,
    before_sum       TEXT    NOT NULL,
    before_per       TEXT    NOT NULL,
    after_sum        TEXT    NOT NULL,
    after_per        TEXT    NOT NULL,
    reduction_fixed  TEXT    NOT NULL,
    reduction        REAL    NOT NULL,
    PRIMARY KEY (workshop_id, checkpoint, kind)
) WITHOUT ROWID;

-- Date ranges (the part of a filter not covered by whole months of totals), by scope.
CREATE INDEX ix_workshop_figures_date ON workshop_figures (checkpoint, kind, report_out_date, status);
CREATE INDEX ix_workshop_figures_trust_date ON workshop_figures (trust_id, checkpoint, kind, report_out_date, status);
CREATE INDEX ix_workshop_figures_vs_date ON workshop_figures (value_stream_id, checkpoint, kind, report_out_date, status);
-- The median: ORDER BY reduction LIMIT 2 OFFSET n/2 walks these, filter columns leading, the rest covering.
CREATE INDEX ix_workshop_figures_median ON workshop_figures (checkpoint, kind, reduction, status, report_out_date);
CREATE INDEX ix_workshop_figures_trust_median ON workshop_figures (trust_id, checkpoint, kind, reduction, status, report_out_date);
CREATE INDEX ix_workshop_figures_vs_median ON workshop_figures (value_stream_id, checkpoint, kind, reduction, status, report_out_date);

-- The same contributions added up per scope (0 programme with scope_id 0, 1 trust; a value stream's few workshops are
-- read from workshop_figures), checkpoint,
-- kind, report-out month (yyyy-MM) and whether the workshops are still planned (a planned workshop is in the reports
-- only once its report-out date has passed, so those months are read from workshop_figures until the month is over).
CREATE TABLE figure_totals (
    scope          INTEGER NOT NULL,
    scope_id       INTEGER NOT NULL,
    checkpoint     INTEGER NOT NULL,
    kind           INTEGER NOT NULL,
    month          TEXT    NOT NULL,
    planned        INTEGER NOT NULL,
    workshops      INTEGER NOT NULL,
    improved       INTEGER NOT NULL,
    same           INTEGER NOT NULL,
    worse          INTEGER NOT NULL,
    window_scaled  INTEGER NOT NULL,
    before_sum     TEXT    NOT NULL,
    before_per     TEXT    NOT NULL,
    after_sum      TEXT    NOT NULL,
    after_per      TEXT    NOT NULL,
    reductions     TEXT    NOT NULL,
    PRIMARY KEY (scope, scope_id, checkpoint, kind, month, planned)
) WITHOUT ROWID;

CREATE TRIGGER figures_measure_insert AFTER INSERT ON measures
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (NEW.workshop_id);
END;

CREATE TRIGGER figures_measure_update AFTER UPDATE OF workshop_id, kind, baseline, baseline_den, result, result_den,
    f30, f30_den, f60, f60_den, f90, f90_den, f30_not_measured, f60_not_measured, f90_not_measured ON measures
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (OLD.workshop_id);
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (NEW.workshop_id);
END;

CREATE TRIGGER figures_measure_delete AFTER DELETE ON measures
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (OLD.workshop_id);
END;

CREATE TRIGGER figures_workshop_insert AFTER INSERT ON workshops
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (NEW.id);
END;

CREATE TRIGGER figures_workshop_update AFTER UPDATE OF id, status, report_out_date, value_stream_id ON workshops
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (OLD.id);
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (NEW.id);
END;

CREATE TRIGGER figures_workshop_delete AFTER DELETE ON workshops
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) VALUES (OLD.id);
END;

CREATE TRIGGER figures_value_stream_trust AFTER UPDATE OF trust_id ON value_streams
BEGIN
    INSERT OR IGNORE INTO figures_stale (workshop_id) SELECT id FROM workshops WHERE value_stream_id = NEW.id;
END;

-- Every workshop already recorded: the app works their figures out when it next starts.
INSERT INTO figures_stale (workshop_id) SELECT id FROM workshops;

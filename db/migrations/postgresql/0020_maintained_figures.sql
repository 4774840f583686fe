-- Figures kept up to date as records change (issue 17), as db/migrations/0020_maintained_figures.sql (SQLite): the
-- same tables, indexes and triggers, the triggers in PL/pgSQL. See that file and docs/architecture.md ("A figure's
-- path") for what each table holds. Integers are bigint and dates text, as in 0001; the exact sums stay text (whole
-- numbers of 10^-12 units that outgrow 64 bits), so MaintainedFigures reads and writes them the same way on both.
CREATE TABLE figures_stale (
    workshop_id  bigint PRIMARY KEY
);

CREATE TABLE workshop_figures (
    workshop_id      bigint            NOT NULL,
    checkpoint       bigint            NOT NULL,
    kind             bigint            NOT NULL,
    trust_id         bigint            NOT NULL,
    value_stream_id  bigint            NOT NULL,
    report_out_date  text              NOT NULL,
    status           text              NOT NULL CHECK (status IN ('planned', 'completed')),
    direction        bigint            NOT NULL,  -- 0 improved, 1 the same, 2 worse
    window_scaled    bigint            NOT NULL,
    before_sum       text              NOT NULL,
    before_per       text              NOT NULL,
    after_sum        text              NOT NULL,
    after_per        text              NOT NULL,
    reduction_fixed  text              NOT NULL,
    reduction        double precision  NOT NULL,
    PRIMARY KEY (workshop_id, checkpoint, kind)
);

CREATE INDEX ix_workshop_figures_date ON workshop_figures (checkpoint, kind, report_out_date, status);
CREATE INDEX ix_workshop_figures_trust_date ON workshop_figures (trust_id, checkpoint, kind, report_out_date, status);
CREATE INDEX ix_workshop_figures_vs_date ON workshop_figures (value_stream_id, checkpoint, kind, report_out_date, status);
CREATE INDEX ix_workshop_figures_median ON workshop_figures (checkpoint, kind, reduction, status, report_out_date);
CREATE INDEX ix_workshop_figures_trust_median ON workshop_figures (trust_id, checkpoint, kind, reduction, status, report_out_date);
CREATE INDEX ix_workshop_figures_vs_median ON workshop_figures (value_stream_id, checkpoint, kind, reduction, status, report_out_date);

CREATE TABLE figure_totals (
    scope          bigint  NOT NULL,
    scope_id       bigint  NOT NULL,
    checkpoint     bigint  NOT NULL,
    kind           bigint  NOT NULL,
    month          text    NOT NULL,
    planned        bigint  NOT NULL,
    workshops      bigint  NOT NULL,
    improved       bigint  NOT NULL,
    same           bigint  NOT NULL,
    worse          bigint  NOT NULL,
    window_scaled  bigint  NOT NULL,
    before_sum     text    NOT NULL,
    before_per     text    NOT NULL,
    after_sum      text    NOT NULL,
    after_per      text    NOT NULL,
    reductions     text    NOT NULL,
    PRIMARY KEY (scope, scope_id, checkpoint, kind, month, planned)
);

-- One function per table marks the workshops a change touches; ON CONFLICT DO NOTHING is SQLite's INSERT OR IGNORE.
CREATE FUNCTION figures_mark_measure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO figures_stale (workshop_id) VALUES (OLD.workshop_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO figures_stale (workshop_id) VALUES (NEW.workshop_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER figures_measure_insert AFTER INSERT ON measures
    FOR EACH ROW EXECUTE FUNCTION figures_mark_measure();
CREATE TRIGGER figures_measure_update AFTER UPDATE OF workshop_id, kind, baseline, baseline_den, result, result_den,
    f30, f30_den, f60, f60_den, f90, f90_den, f30_not_measured, f60_not_measured, f90_not_measured ON measures
    FOR EACH ROW EXECUTE FUNCTION figures_mark_measure();
CREATE TRIGGER figures_measure_delete AFTER DELETE ON measures
    FOR EACH ROW EXECUTE FUNCTION figures_mark_measure();

CREATE FUNCTION figures_mark_workshop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO figures_stale (workshop_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO figures_stale (workshop_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER figures_workshop_insert AFTER INSERT ON workshops
    FOR EACH ROW EXECUTE FUNCTION figures_mark_workshop();
CREATE TRIGGER figures_workshop_update AFTER UPDATE OF id, status, report_out_date, value_stream_id ON workshops
    FOR EACH ROW EXECUTE FUNCTION figures_mark_workshop();
CREATE TRIGGER figures_workshop_delete AFTER DELETE ON workshops
    FOR EACH ROW EXECUTE FUNCTION figures_mark_workshop();

CREATE FUNCTION figures_mark_value_stream() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO figures_stale (workshop_id) SELECT id FROM workshops WHERE value_stream_id = NEW.id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER figures_value_stream_trust AFTER UPDATE OF trust_id ON value_streams
    FOR EACH ROW EXECUTE FUNCTION figures_mark_value_stream();

-- Every workshop already recorded: the app works their figures out when it next starts.
INSERT INTO figures_stale (workshop_id) SELECT id FROM workshops;

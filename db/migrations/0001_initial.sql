-- Kaizen initial schema: trusts, users, audit, and the programme records.
-- Dates are ISO-8601 text (yyyy-MM-dd); instants are ISO-8601 UTC text (yyyy-MM-ddTHH:mm:ssZ).
-- Process time is stored in minutes. Error counts carry their observation window (days) as the denominator;
-- error rates carry their opportunities as the denominator, so rates can be pooled.

CREATE TABLE trusts (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    code        TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    joined_on   TEXT    NOT NULL,
    is_demo     INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    email            TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    display_name     TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('administrator', 'lead', 'board')),
    trust_id         INTEGER REFERENCES trusts (id),
    password_hash    TEXT    NOT NULL,
    disabled         INTEGER NOT NULL DEFAULT 0,
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,
    security_stamp   TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    is_demo          INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK (role <> 'lead' OR trust_id IS NOT NULL)
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT    NOT NULL,
    user_id      INTEGER,
    user_email   TEXT,
    entity       TEXT    NOT NULL,
    entity_id    INTEGER,
    action       TEXT    NOT NULL,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX ix_audit_log_entity ON audit_log (entity, id);
CREATE INDEX ix_audit_log_user ON audit_log (user_id, id);

CREATE TABLE app_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE value_streams (
    id                          INTEGER PRIMARY KEY,
    trust_id                    INTEGER NOT NULL REFERENCES trusts (id),
    name                        TEXT    NOT NULL,
    description                 TEXT,
    executive_sponsor           TEXT,
    owner                       TEXT,
    chosen_by                   TEXT    NOT NULL CHECK (chosen_by IN ('top_down', 'bottom_up')),
    status                      TEXT    NOT NULL CHECK (status IN ('active', 'paused', 'retired')),
    -- Target reductions per measure kind, as fractions (0.5 = halve it); empty when not set.
    target_process_time         REAL,
    target_error_count          REAL,
    target_error_rate           REAL,
    created_at                  TEXT    NOT NULL,
    version                     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_value_streams_trust ON value_streams (trust_id);

CREATE TABLE value_stream_revisions (
    id               INTEGER PRIMARY KEY,
    value_stream_id  INTEGER NOT NULL REFERENCES value_streams (id),
    at               TEXT    NOT NULL,
    user_id          INTEGER REFERENCES users (id),
    user_name        TEXT    NOT NULL,
    reason           TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    changes_json     TEXT    NOT NULL
);
CREATE INDEX ix_value_stream_revisions_vs ON value_stream_revisions (value_stream_id, at);
CREATE INDEX ix_value_stream_revisions_at ON value_stream_revisions (at);

CREATE TABLE workshops (
    id                   INTEGER PRIMARY KEY,
    value_stream_id      INTEGER NOT NULL REFERENCES value_streams (id),
    reference            TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    title                TEXT    NOT NULL,
    scope_first_step     TEXT,
    scope_last_step      TEXT,
    problem_statement    TEXT,
    planning_start       TEXT,
    start_date           TEXT    NOT NULL,
    length_days          INTEGER NOT NULL CHECK (length_days BETWEEN 3 AND 5),
    report_out_date      TEXT    NOT NULL,
    executive_sponsor    TEXT,
    process_owner        TEXT,
    team_leader          TEXT,
    facilitator          TEXT,
    status               TEXT    NOT NULL CHECK (status IN ('planned', 'completed', 'cancelled', 'stood_down')),
    status_reason        TEXT,
    report_out_summary   TEXT,
    lessons              TEXT,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    updated_by           TEXT    NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_workshops_value_stream ON workshops (value_stream_id, report_out_date);
CREATE INDEX ix_workshops_report_out ON workshops (report_out_date);

CREATE TABLE workshop_team_members (
    id           INTEGER PRIMARY KEY,
    workshop_id  INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('in_process', 'adjacent', 'fresh_eyes', 'patient_carer'))
);
CREATE INDEX ix_team_members_workshop ON workshop_team_members (workshop_id);

-- One row per measure. value = minutes (process time), a count (error count) or errors (error rate);
-- *_den = observation window in days (error count) or opportunities (error rate), NULL for process time.
-- target is in comparison units: minutes, a count over the baseline window, or a rate (0..1).
CREATE TABLE measures (
    id                INTEGER PRIMARY KEY,
    workshop_id       INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('process_time', 'error_count', 'error_rate')),
    name              TEXT    NOT NULL,
    definition        TEXT,
    time_unit         TEXT    CHECK (time_unit IN ('minutes', 'hours', 'days')),
    baseline          REAL,
    baseline_den      REAL,
    target            REAL,
    result            REAL,
    result_den        REAL,
    f30               REAL,
    f30_den           REAL,
    f30_recorded_at   TEXT,
    f60               REAL,
    f60_den           REAL,
    f60_recorded_at   TEXT,
    f90               REAL,
    f90_den           REAL,
    f90_recorded_at   TEXT,
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_measures_workshop ON measures (workshop_id);

-- Making Data Count for the value streams (issue 20): a value stream's outcome measures, each a time series of one
-- point per week or per month, charted as XmR (Kaizen.Domain/Xmr.cs). A workshop's before/after says what changed in
-- its week; these say whether the value stream's process stayed changed.

CREATE TABLE value_stream_measures (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    value_stream_id         INTEGER NOT NULL REFERENCES value_streams (id),
    name                    TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    -- What one point counts or times, in the words people use ("patients", "minutes", "% seen in 4 hours").
    unit                    TEXT    NOT NULL CHECK (length(trim(unit)) > 0),
    better                  TEXT    NOT NULL CHECK (better IN ('lower', 'higher', 'neither')),
    target                  REAL,
    operational_definition  TEXT,
    frequency               TEXT    NOT NULL CHECK (frequency IN ('week', 'month')),
    -- 1 when the measure cannot go below zero (counts, times, rates): the lower limit is drawn floored at zero.
    floor_at_zero           INTEGER NOT NULL DEFAULT 1 CHECK (floor_at_zero IN (0, 1)),
    -- Limits fixed on the first n points of each stretch (NULL: on all of them).
    baseline_points         INTEGER CHECK (baseline_points IS NULL OR baseline_points >= 2),
    created_at              TEXT    NOT NULL,
    version                 INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_value_stream_measures_name ON value_stream_measures (value_stream_id, lower(trim(name)));

-- One point per period: period_start is the Monday of the week or the first of the month (yyyy-MM-dd).
CREATE TABLE value_stream_measure_points (
    measure_id    INTEGER NOT NULL REFERENCES value_stream_measures (id) ON DELETE CASCADE,
    period_start  TEXT    NOT NULL,
    value         REAL    NOT NULL,
    PRIMARY KEY (measure_id, period_start)
);

-- Limits recalculated from a period (say the week after a workshop), each with its reason and who chose it, shown
-- on the chart like a value stream's revision: limits never move silently. A recalculation is withdrawn, not
-- deleted, so the record of what was shown stays.
CREATE TABLE value_stream_measure_recalculations (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id        INTEGER NOT NULL REFERENCES value_stream_measures (id) ON DELETE CASCADE,
    from_period       TEXT    NOT NULL,
    reason            TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    at                TEXT    NOT NULL,
    user_id           INTEGER REFERENCES users (id),
    user_name         TEXT    NOT NULL,
    withdrawn_at      TEXT,
    withdrawn_by      TEXT,
    withdrawn_reason  TEXT
);
CREATE INDEX ix_value_stream_measure_recalculations ON value_stream_measure_recalculations (measure_id, from_period);

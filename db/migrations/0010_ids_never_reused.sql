-- Ids are never reused. Without AUTOINCREMENT SQLite gives a new row the largest rowid + 1, so after the newest row is
-- deleted its id goes to the next one, and the audit log's "measure 287" then names two different measures. The
-- tables whose rows can be deleted are rebuilt with INTEGER PRIMARY KEY AUTOINCREMENT, keeping their rows, ids,
-- checks, foreign keys, indexes and triggers (https://sqlite.org/lang_altertable.html, "other kinds of table schema
-- changes"). This runs inside the migration runner's transaction, where PRAGMA foreign_keys cannot change; so the
-- child tables are dropped before their parents (a dropped parent with child rows would break, or cascade to, them),
-- and meeting_reflections' rows wait in a temporary table while compact_items, which they reference, is rebuilt.
-- Not rebuilt: compact_versions (only unadopted drafts are deleted, and dropping it would cascade to compact_items)
-- and meeting_attendance (keyed by meeting and member, no id of its own).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE new_measures (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
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
    version           INTEGER NOT NULL DEFAULT 1,
    f30_not_measured  TEXT CHECK (f30_not_measured IS NULL OR length(trim(f30_not_measured)) > 0),
    f60_not_measured  TEXT CHECK (f60_not_measured IS NULL OR length(trim(f60_not_measured)) > 0),
    f90_not_measured  TEXT CHECK (f90_not_measured IS NULL OR length(trim(f90_not_measured)) > 0)
);
INSERT INTO new_measures (id, workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target,
    result, result_den, f30, f30_den, f30_recorded_at, f60, f60_den, f60_recorded_at, f90, f90_den, f90_recorded_at,
    version, f30_not_measured, f60_not_measured, f90_not_measured)
SELECT id, workshop_id, position, kind, name, definition, time_unit, baseline, baseline_den, target,
    result, result_den, f30, f30_den, f30_recorded_at, f60, f60_den, f60_recorded_at, f90, f90_den, f90_recorded_at,
    version, f30_not_measured, f60_not_measured, f90_not_measured
FROM measures;
DROP TABLE measures;
ALTER TABLE new_measures RENAME TO measures;
CREATE INDEX ix_measures_workshop ON measures (workshop_id);
CREATE INDEX ix_measures_report ON measures (workshop_id, position, id, kind, baseline, baseline_den, target, result,
    result_den, f30, f30_den, f60, f60_den, f90, f90_den, name);
CREATE INDEX ix_measures_not_measured ON measures (id, f30_not_measured, f60_not_measured, f90_not_measured)
WHERE f30_not_measured IS NOT NULL OR f60_not_measured IS NOT NULL OR f90_not_measured IS NOT NULL;

CREATE TABLE new_workshop_team_members (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    workshop_id  INTEGER NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('in_process', 'adjacent', 'fresh_eyes', 'patient_carer'))
);
INSERT INTO new_workshop_team_members (id, workshop_id, position, name, role)
SELECT id, workshop_id, position, name, role FROM workshop_team_members;
DROP TABLE workshop_team_members;
ALTER TABLE new_workshop_team_members RENAME TO workshop_team_members;
CREATE INDEX ix_team_members_workshop ON workshop_team_members (workshop_id);

CREATE TABLE new_trust_cqc_ratings (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    trust_id  INTEGER NOT NULL REFERENCES trusts (id),
    rated_on  TEXT    NOT NULL,
    rating    TEXT    NOT NULL CHECK (rating IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    UNIQUE (trust_id, rated_on)
);
INSERT INTO new_trust_cqc_ratings (id, trust_id, rated_on, rating) SELECT id, trust_id, rated_on, rating FROM trust_cqc_ratings;
DROP TABLE trust_cqc_ratings;
ALTER TABLE new_trust_cqc_ratings RENAME TO trust_cqc_ratings;

CREATE TABLE new_trust_chief_executives (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    trust_id    INTEGER NOT NULL REFERENCES trusts (id),
    started_on  TEXT    NOT NULL,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (trust_id, started_on)
);
INSERT INTO new_trust_chief_executives (id, trust_id, started_on, name) SELECT id, trust_id, started_on, name FROM trust_chief_executives;
DROP TABLE trust_chief_executives;
ALTER TABLE new_trust_chief_executives RENAME TO trust_chief_executives;

-- compact_items and the reflections that reference it.
CREATE TEMP TABLE kept_reflections AS SELECT id, meeting_id, compact_item_id, rating, note FROM meeting_reflections;
DROP TABLE meeting_reflections;

CREATE TABLE new_compact_items (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    compact_version_id  INTEGER NOT NULL REFERENCES compact_versions (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL CHECK (position > 0),
    kind                TEXT    NOT NULL CHECK (kind IN ('behaviour', 'responsibility')),
    text                TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    UNIQUE (compact_version_id, position)
);
INSERT INTO new_compact_items (id, compact_version_id, position, kind, text) SELECT id, compact_version_id, position, kind, text FROM compact_items;
DROP TABLE compact_items;
ALTER TABLE new_compact_items RENAME TO compact_items;

CREATE TRIGGER compact_items_adopted_insert BEFORE INSERT ON compact_items
WHEN (SELECT adopted_on FROM compact_versions WHERE id = NEW.compact_version_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'The items of an adopted compact version cannot be changed.');
END;

CREATE TRIGGER compact_items_adopted_update BEFORE UPDATE ON compact_items
WHEN (SELECT adopted_on FROM compact_versions WHERE id = OLD.compact_version_id) IS NOT NULL
  OR (SELECT adopted_on FROM compact_versions WHERE id = NEW.compact_version_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'The items of an adopted compact version cannot be changed.');
END;

CREATE TRIGGER compact_items_adopted_delete BEFORE DELETE ON compact_items
WHEN (SELECT adopted_on FROM compact_versions WHERE id = OLD.compact_version_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'The items of an adopted compact version cannot be changed.');
END;

CREATE TABLE meeting_reflections (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id       INTEGER NOT NULL REFERENCES board_meetings (id) ON DELETE CASCADE,
    compact_item_id  INTEGER NOT NULL REFERENCES compact_items (id),
    rating           TEXT    NOT NULL CHECK (rating IN ('living', 'partly', 'not_yet')),
    note             TEXT,
    UNIQUE (meeting_id, compact_item_id)
);
INSERT INTO meeting_reflections (id, meeting_id, compact_item_id, rating, note)
SELECT id, meeting_id, compact_item_id, rating, note FROM temp.kept_reflections;
DROP TABLE temp.kept_reflections;
CREATE INDEX ix_meeting_reflections_item ON meeting_reflections (compact_item_id);

CREATE TRIGGER meeting_reflections_item_in_force_insert BEFORE INSERT ON meeting_reflections
WHEN (SELECT compact_version_id FROM compact_items WHERE id = NEW.compact_item_id)
     IS NOT (SELECT compact_version_id FROM board_meetings WHERE id = NEW.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'A reflection must be on an item of the compact in force at its meeting.');
END;

CREATE TRIGGER meeting_reflections_item_in_force_update BEFORE UPDATE OF compact_item_id, meeting_id ON meeting_reflections
WHEN (SELECT compact_version_id FROM compact_items WHERE id = NEW.compact_item_id)
     IS NOT (SELECT compact_version_id FROM board_meetings WHERE id = NEW.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'A reflection must be on an item of the compact in force at its meeting.');
END;

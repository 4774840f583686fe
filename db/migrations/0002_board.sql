-- The Transformation Guiding Board (PRODUCT.md §2): its members, its versioned compact, its monthly meetings with
-- attendance, reflections on the compact and actions, and the trusts' context (CQC ratings, chief executives).
-- Dates are ISO-8601 text (yyyy-MM-dd); instants are ISO-8601 UTC text (yyyy-MM-ddTHH:mm:ssZ).

-- A member sits for a trust (trust_id) or for another named organisation, such as a regulator or the facilitating
-- institute (organisation); exactly one of the two.
CREATE TABLE board_members (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    trust_id      INTEGER REFERENCES trusts (id),
    organisation  TEXT    CHECK (organisation IS NULL OR length(trim(organisation)) > 0),
    role          TEXT    NOT NULL CHECK (role IN ('ceo', 'regulator', 'facilitator', 'other')),
    active_from   TEXT    NOT NULL,
    active_to     TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((trust_id IS NULL) <> (organisation IS NULL)),
    CHECK (active_to IS NULL OR active_to >= active_from)
);
CREATE INDEX ix_board_members_trust ON board_members (trust_id);
CREATE INDEX ix_board_members_active ON board_members (active_from, active_to);

-- A version of the compact. adopted_on NULL = a draft; the version in force is the latest adopted one.
CREATE TABLE compact_versions (
    id          INTEGER PRIMARY KEY,
    number      INTEGER NOT NULL UNIQUE CHECK (number > 0),
    vision      TEXT    NOT NULL,
    adopted_on  TEXT,
    created_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_compact_versions_adopted ON compact_versions (adopted_on, number);

CREATE TABLE compact_items (
    id                  INTEGER PRIMARY KEY,
    compact_version_id  INTEGER NOT NULL REFERENCES compact_versions (id) ON DELETE CASCADE,
    position            INTEGER NOT NULL CHECK (position > 0),
    kind                TEXT    NOT NULL CHECK (kind IN ('behaviour', 'responsibility')),
    text                TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    UNIQUE (compact_version_id, position)
);

-- An adopted version is history: its vision, its adoption date and its items never change.
CREATE TRIGGER compact_versions_adopted_frozen BEFORE UPDATE ON compact_versions
WHEN OLD.adopted_on IS NOT NULL
 AND (NEW.vision IS NOT OLD.vision OR NEW.adopted_on IS NOT OLD.adopted_on OR NEW.number IS NOT OLD.number)
BEGIN
    SELECT RAISE(ABORT, 'An adopted compact version cannot be changed: draft a new version instead.');
END;

CREATE TRIGGER compact_versions_adopted_undeletable BEFORE DELETE ON compact_versions
WHEN OLD.adopted_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'An adopted compact version cannot be deleted.');
END;

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

-- A meeting of the board. compact_version_id is the version in force for the meeting (NULL when none had been
-- adopted by its date). Marking it held sets held_at and frozen_json together: the figures the board saw.
CREATE TABLE board_meetings (
    id                  INTEGER PRIMARY KEY,
    meeting_date        TEXT    NOT NULL,
    notes               TEXT,
    compact_version_id  INTEGER REFERENCES compact_versions (id),
    held_at             TEXT,
    held_by             TEXT,
    frozen_json         TEXT,
    created_at          TEXT    NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    CHECK ((held_at IS NULL) = (frozen_json IS NULL)),
    CHECK (frozen_json IS NULL OR json_valid(frozen_json))
);
CREATE INDEX ix_board_meetings_date ON board_meetings (meeting_date);

-- Once set, what the board was shown is part of the record: held_at and frozen_json never change again, nor the
-- date and compact version they were computed for. Notes and reflections stay editable (and audited).
CREATE TRIGGER board_meetings_frozen_immutable BEFORE UPDATE ON board_meetings
WHEN (OLD.held_at IS NOT NULL AND NEW.held_at IS NOT OLD.held_at)
  OR (OLD.frozen_json IS NOT NULL AND NEW.frozen_json IS NOT OLD.frozen_json)
  OR (OLD.held_at IS NOT NULL AND (NEW.meeting_date IS NOT OLD.meeting_date OR NEW.compact_version_id IS NOT OLD.compact_version_id))
BEGIN
    SELECT RAISE(ABORT, 'This meeting has been held: the figures frozen with it cannot be changed.');
END;

CREATE TRIGGER board_meetings_held_undeletable BEFORE DELETE ON board_meetings
WHEN OLD.held_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'A held meeting cannot be deleted.');
END;

CREATE TABLE meeting_attendance (
    meeting_id  INTEGER NOT NULL REFERENCES board_meetings (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES board_members (id),
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX ix_meeting_attendance_member ON meeting_attendance (member_id);

CREATE TABLE meeting_reflections (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES board_meetings (id) ON DELETE CASCADE,
    compact_item_id  INTEGER NOT NULL REFERENCES compact_items (id),
    rating           TEXT    NOT NULL CHECK (rating IN ('living', 'partly', 'not_yet')),
    note             TEXT,
    UNIQUE (meeting_id, compact_item_id)
);
CREATE INDEX ix_meeting_reflections_item ON meeting_reflections (compact_item_id);

-- A reflection is only ever on an item of the compact version in force at its meeting.
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

-- An action raised at a meeting; it carries over to every later meeting until it is done.
CREATE TABLE board_actions (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES board_meetings (id),
    text             TEXT    NOT NULL CHECK (length(trim(text)) > 0),
    owner_member_id  INTEGER NOT NULL REFERENCES board_members (id),
    due_on           TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_on          TEXT,
    created_at       TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'done') = (done_on IS NOT NULL))
);
CREATE INDEX ix_board_actions_meeting ON board_actions (meeting_id);
CREATE INDEX ix_board_actions_status ON board_actions (status, done_on);
CREATE INDEX ix_board_actions_owner ON board_actions (owner_member_id);

-- A trust's context over time.
CREATE TABLE trust_cqc_ratings (
    id        INTEGER PRIMARY KEY,
    trust_id  INTEGER NOT NULL REFERENCES trusts (id),
    rated_on  TEXT    NOT NULL,
    rating    TEXT    NOT NULL CHECK (rating IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    UNIQUE (trust_id, rated_on)
);

-- A row per chief executive, from the day they started. The first recorded is the one in post when records began;
-- each later one is a change of chief executive.
CREATE TABLE trust_chief_executives (
    id          INTEGER PRIMARY KEY,
    trust_id    INTEGER NOT NULL REFERENCES trusts (id),
    started_on  TEXT    NOT NULL,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    UNIQUE (trust_id, started_on)
);

-- Each board member's own reflection on each item of the compact at each meeting (issue 19): the compact is the
-- board's behaviours, and one shared rating per item hid who thought what. member_id names the member whose
-- reflection it is; the rows written before this are kept with no member (shown as "the board, before reflections
-- were per member"). The table is rebuilt because its UNIQUE (meeting_id, compact_item_id) allowed one rating per
-- item; the AUTOINCREMENT sequence is carried over so that ids are still never reused (0010).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE new_meeting_reflections (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id       INTEGER NOT NULL REFERENCES board_meetings (id) ON DELETE CASCADE,
    compact_item_id  INTEGER NOT NULL REFERENCES compact_items (id),
    member_id        INTEGER REFERENCES board_members (id),
    rating           TEXT    NOT NULL CHECK (rating IN ('living', 'partly', 'not_yet')),
    note             TEXT
);
INSERT INTO new_meeting_reflections (id, meeting_id, compact_item_id, member_id, rating, note)
SELECT id, meeting_id, compact_item_id, NULL, rating, note FROM meeting_reflections;
INSERT INTO sqlite_sequence (name, seq)
SELECT 'new_meeting_reflections', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'new_meeting_reflections');
UPDATE sqlite_sequence SET seq = max(seq, ifnull((SELECT seq FROM sqlite_sequence WHERE name = 'meeting_reflections'), 0))
WHERE name = 'new_meeting_reflections';
DROP TABLE meeting_reflections;
ALTER TABLE new_meeting_reflections RENAME TO meeting_reflections;

-- One reflection per member per item per meeting (and one shared one, for the rows from before).
CREATE UNIQUE INDEX ux_meeting_reflections_member ON meeting_reflections (meeting_id, compact_item_id, ifnull(member_id, 0));
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

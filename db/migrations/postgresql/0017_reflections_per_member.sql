-- Each board member's own reflection on each item at each meeting, as db/migrations/0017_reflections_per_member.sql.
-- SQLite rebuilds the table to change its UNIQUE; PostgreSQL adds the column and swaps the constraint for an index.
-- member_id is NULL on the rows written before (the board's shared reflection).
ALTER TABLE meeting_reflections ADD COLUMN member_id bigint REFERENCES board_members (id);
ALTER TABLE meeting_reflections DROP CONSTRAINT uq_meeting_reflections_item;

-- One reflection per member per item per meeting (and one shared one, for the rows from before).
CREATE UNIQUE INDEX ux_meeting_reflections_member ON meeting_reflections (meeting_id, compact_item_id, coalesce(member_id, 0));

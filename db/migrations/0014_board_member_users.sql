-- The Kaizen user who is this board member, for "My work" and the reminder digests (which matched a board user to a
-- member by name until now). Set by an administrator on the board member's form. One user is one member at most.
ALTER TABLE board_members ADD COLUMN user_id INTEGER REFERENCES users (id);
CREATE UNIQUE INDEX ux_board_members_user ON board_members (user_id) WHERE user_id IS NOT NULL;

-- Keep the links the name match made: a member whose name is exactly one board user's, where that user's name is
-- exactly one member's (letter case and spaces at the ends aside). Anything ambiguous is left for an administrator.
UPDATE board_members SET user_id = (
    SELECT u.id FROM users u WHERE u.role = 'board' AND lower(trim(u.display_name)) = lower(trim(board_members.name)))
WHERE (SELECT COUNT(*) FROM users u WHERE u.role = 'board' AND lower(trim(u.display_name)) = lower(trim(board_members.name))) = 1
  AND (SELECT COUNT(*) FROM board_members o WHERE lower(trim(o.name)) = lower(trim(board_members.name))) = 1;

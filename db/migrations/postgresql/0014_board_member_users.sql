-- The Kaizen user who is this board member, as db/migrations/0014_board_member_users.sql. One user is one member at most.
ALTER TABLE board_members ADD COLUMN user_id bigint REFERENCES users (id);
CREATE UNIQUE INDEX ux_board_members_user ON board_members (user_id) WHERE user_id IS NOT NULL;

UPDATE board_members SET user_id = (
    SELECT u.id FROM users u WHERE u.role = 'board' AND lower(trim(u.display_name)) = lower(trim(board_members.name)))
WHERE (SELECT COUNT(*) FROM users u WHERE u.role = 'board' AND lower(trim(u.display_name)) = lower(trim(board_members.name))) = 1
  AND (SELECT COUNT(*) FROM board_members o WHERE lower(trim(o.name)) = lower(trim(board_members.name))) = 1;

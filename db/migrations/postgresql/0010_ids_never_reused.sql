-- Ids are never reused (db/migrations/0010_ids_never_reused.sql rebuilds SQLite's tables with AUTOINCREMENT for it).
-- PostgreSQL's identity columns never hand out an id twice, deleted rows or not, so there is nothing to change here;
-- the script exists so that both engines' histories have the same steps.
SELECT 1;

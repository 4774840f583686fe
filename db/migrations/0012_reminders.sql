-- Reminder emails (see Reminders/ReminderJob.cs and the README).

-- How often each person wants their digest: every day, on Mondays, or never.
ALTER TABLE users ADD COLUMN reminders TEXT NOT NULL DEFAULT 'weekly' CHECK (reminders IN ('daily', 'weekly', 'never'));

-- Once-a-day jobs for the whole deployment: a node runs a job for a day only if it moved the row to that day itself
-- (one conditional INSERT ... ON CONFLICT DO UPDATE ... WHERE day < @today RETURNING), so several nodes never both do.
CREATE TABLE job_leases (
    job       TEXT PRIMARY KEY,
    day       TEXT NOT NULL,
    taken_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Every digest Kaizen decided to send: to whom, when, what. Written before it is sent, so a send that fails (or a
-- node that stops while sending) leaves a row to retry: pending -> sending -> sent, or failed and tried again later.
-- superseded: a failed digest replaced by a newer one to the same person (which lists what is still open).
CREATE TABLE reminder_emails (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    day          TEXT    NOT NULL,
    to_address   TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    items        INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'superseded')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    created_at   TEXT    NOT NULL,
    claimed_at   TEXT,
    sent_at      TEXT,
    UNIQUE (user_id, day)
);
CREATE INDEX ix_reminder_emails_status ON reminder_emails (status, id);

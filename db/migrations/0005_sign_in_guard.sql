-- Sign-in guessing is counted per account and per source (the browser's known-device cookie, or else the client's
-- address), and reserved before the password is checked: see Security/SignInGuard.cs and docs/reliability.md.
-- users.failed_sign_ins and users.locked_until are no longer used.
CREATE TABLE sign_in_guard (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source   TEXT    NOT NULL,   -- 'device:<id>', 'address:<ip>', or 'addresses' for every address together
    failed   INTEGER NOT NULL,   -- tries reserved since the count last started
    until    TEXT    NOT NULL,   -- when the count (or, once it reached its limit, the lock) ends
    PRIMARY KEY (user_id, source)
) WITHOUT ROWID;

-- Failed sign-ins, counted rather than logged one by one: anonymous clients add at most one row per account (and one
-- for all unknown email addresses together) per lock period, however many tries they make.
CREATE TABLE sign_in_failures (
    user_id       INTEGER NOT NULL,  -- 0: an email address that matches no account
    period        TEXT    NOT NULL,  -- when the lock period began (UTC, periods are fixed slots)
    failures      INTEGER NOT NULL,  -- every refused try in the period
    refused       INTEGER NOT NULL,  -- of those, refused without checking the password (locked source, disabled account)
    first_at      TEXT    NOT NULL,
    last_at       TEXT    NOT NULL,
    last_address  TEXT,
    PRIMARY KEY (user_id, period)
) WITHOUT ROWID;

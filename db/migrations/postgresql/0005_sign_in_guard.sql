-- Sign-in guessing counted per account and per source, as db/migrations/0005_sign_in_guard.sql (see
-- Security/SignInGuard.cs and docs/reliability.md). In the database, so every web node counts the same tries.
CREATE TABLE sign_in_guard (
    user_id  bigint  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    source   text    NOT NULL,   -- 'device:<id>', 'address:<ip>', or 'addresses' for every address together
    failed   bigint  NOT NULL,   -- tries reserved since the count last started
    until    text    NOT NULL,   -- when the count (or, once it reached its limit, the lock) ends
    PRIMARY KEY (user_id, source)
);

CREATE TABLE sign_in_failures (
    user_id       bigint  NOT NULL,  -- 0: an email address that matches no account
    period        text    NOT NULL,  -- when the lock period began (UTC, periods are fixed slots)
    failures      bigint  NOT NULL,  -- every refused try in the period
    refused       bigint  NOT NULL,  -- of those, refused without checking the password (locked source, disabled account)
    first_at      text    NOT NULL,
    last_at       text    NOT NULL,
    last_address  text,
    PRIMARY KEY (user_id, period)
);

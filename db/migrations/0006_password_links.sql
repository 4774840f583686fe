-- One-time links to choose a password: an administrator's invitation (or a new link an administrator sends), or a
-- reset asked for from the sign-in page. Only a SHA-256 hash of each link's token is kept.
CREATE TABLE password_links (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('invitation', 'reset')),
    token_hash  TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT
);
CREATE INDEX ix_password_links_user ON password_links (user_id, created_at);

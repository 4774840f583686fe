-- Personal access tokens for the read-only API (/api/v1; see src/Kaizen.Web/Api/). A token is shown once when it is
-- made and only its SHA-256 is kept (token_hash), so a copy of the database does not hand out working tokens.
-- prefix: the first characters of the token, so a person can tell their tokens apart on their profile page.
CREATE TABLE personal_access_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    name          TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash    TEXT    NOT NULL UNIQUE,
    prefix        TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE INDEX ix_personal_access_tokens_user ON personal_access_tokens (user_id, id);

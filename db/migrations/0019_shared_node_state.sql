-- Several web nodes on one database (issue 18): what each node kept on its own disk moves into the database, so any
-- node can answer any request.
--
-- The ASP.NET Core data-protection key ring, which signs and encrypts the sign-in cookie and the antiforgery tokens:
-- a cookie issued by one node must be readable by the others. One row per key, its XML as the framework writes it
-- (Security/DatabaseKeyRing.cs).
CREATE TABLE data_protection_keys (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name  TEXT,
    xml            TEXT    NOT NULL
);

-- Uploaded import workbooks waiting between the check and the confirm (Import/ImportUploads.cs): the check may be
-- answered by one node and the confirm by another. token is the random GUID the page hands back; uploaded_at is the
-- app's clock (yyyy-MM-ddTHH:mm:ss.fffffffZ, so text order is time order) for the day's limit; a user's newest is the
-- highest id. At most a few per user, 10 MB each, for a day.
CREATE TABLE import_uploads (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    token        TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name    TEXT    NOT NULL,
    content      BLOB    NOT NULL,
    uploaded_at  TEXT    NOT NULL
);
CREATE INDEX ix_import_uploads_user ON import_uploads (user_id, id);
CREATE INDEX ix_import_uploads_uploaded_at ON import_uploads (uploaded_at);

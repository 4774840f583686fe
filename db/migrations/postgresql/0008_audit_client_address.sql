-- Where each audited change came from, as db/migrations/0008_audit_client_address.sql.
ALTER TABLE audit_log ADD COLUMN client_address text;

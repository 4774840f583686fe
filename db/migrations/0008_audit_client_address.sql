-- Where each audited change came from: the client's address as Kaizen saw it (behind a reverse proxy, the address
-- the proxy forwarded, trusted only from Kaizen:Proxy:KnownProxies). NULL for rows written before this column.
ALTER TABLE audit_log ADD COLUMN client_address TEXT;

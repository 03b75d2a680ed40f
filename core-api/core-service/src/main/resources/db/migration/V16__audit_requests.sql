-- from where: the gateway's request id, and the client's address (as the gateway saw it, or the caller's own)
ALTER TABLE audit_log ADD COLUMN request_id varchar(100);
ALTER TABLE audit_log ADD COLUMN client_address varchar(100);
-- what retention removes first
CREATE INDEX audit_log_created ON audit_log (created_at);

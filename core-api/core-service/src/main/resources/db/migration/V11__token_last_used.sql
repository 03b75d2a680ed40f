-- when a gateway last admitted a request with the token (collected in Redis, written here in batches)
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;

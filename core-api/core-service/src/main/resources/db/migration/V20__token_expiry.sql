-- a token may stop working by itself at a time set when it is issued (NULL: never)
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;

-- A crawl may call back once it has ended (crawl.completed), through the same durable outbox as jobs
-- and batches: marked pending when written, turned into one delivery once it has finished.
ALTER TABLE crawls ADD COLUMN webhook jsonb;
ALTER TABLE crawls ADD COLUMN webhook_pending boolean NOT NULL DEFAULT false;
CREATE INDEX crawls_webhook_pending ON crawls (finished_at) WHERE webhook_pending;
ALTER TABLE webhook_deliveries ADD COLUMN crawl_id uuid REFERENCES crawls (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX webhook_deliveries_crawl_event ON webhook_deliveries (crawl_id, event) WHERE crawl_id IS NOT NULL;

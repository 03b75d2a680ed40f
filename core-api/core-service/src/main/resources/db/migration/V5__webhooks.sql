-- Webhooks: a durable outbox. A job or batch that asked for a webhook is marked pending; once it has
-- ended, the dispatcher turns it into delivery rows (at most one per event) and delivers those, retrying
-- with back-off until they are delivered or dead.
ALTER TABLE jobs ADD COLUMN webhook_pending boolean NOT NULL DEFAULT false;
CREATE INDEX jobs_webhook_pending ON jobs (finished_at) WHERE webhook_pending;
ALTER TABLE batches ADD COLUMN webhook_pending boolean NOT NULL DEFAULT false;
CREATE INDEX batches_webhook_pending ON batches (created_at) WHERE webhook_pending;

-- The key each tenant's deliveries are signed with (HMAC-SHA256). It has to be kept as it is to sign
-- with; it is shown once, when it is made.
CREATE TABLE tenant_webhook_secrets (
    tenant_id  uuid PRIMARY KEY REFERENCES tenants (id),
    secret     varchar(100) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    job_id          uuid REFERENCES jobs (id) ON DELETE CASCADE,
    batch_id        uuid REFERENCES batches (id) ON DELETE CASCADE,
    event           varchar(32) NOT NULL,
    url             text NOT NULL,
    payload         jsonb NOT NULL,
    status          varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- an instance sending it holds it until then
    lease_until     timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz
);
CREATE UNIQUE INDEX webhook_deliveries_job_event ON webhook_deliveries (job_id, event) WHERE job_id IS NOT NULL;
CREATE UNIQUE INDEX webhook_deliveries_batch_event ON webhook_deliveries (batch_id, event) WHERE job_id IS NULL;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_listing ON webhook_deliveries (created_at DESC, id DESC);

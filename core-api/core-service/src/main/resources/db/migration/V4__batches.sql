-- A batch: many URLs scraped with the same options, each one a job of its own.
CREATE TABLE batches (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    total        integer NOT NULL CHECK (total >= 1),
    -- the options every job of the batch runs with (each job adds its own url)
    request      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz
);
CREATE INDEX batches_tenant_created ON batches (tenant_id, created_at DESC);

ALTER TABLE jobs ADD COLUMN batch_id uuid REFERENCES batches (id);
-- the job's place in its batch, from 1
ALTER TABLE jobs ADD COLUMN position integer;
CREATE INDEX jobs_batch_position ON jobs (batch_id, position) WHERE batch_id IS NOT NULL;

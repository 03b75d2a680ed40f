-- Asynchronous jobs. PostgreSQL is the truth: a Redis Stream only carries job ids to workers, and
-- everything in it can be rebuilt from this table.
CREATE TABLE jobs (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    status          varchar(16) NOT NULL
                    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'blocked', 'cancelled')),
    -- the request body as validated, run again by whichever worker takes the job
    request         jsonb NOT NULL,
    -- SHA-256 of the request, to tell a retried submission from another one under the same key
    request_hash    bytea NOT NULL,
    idempotency_key varchar(255),
    -- the fence: each claim increments it, and only the attempt that holds it may complete the job
    attempt         integer NOT NULL DEFAULT 0,
    max_attempts    integer NOT NULL CHECK (max_attempts >= 1),
    -- the instance running the current attempt, and until when it is presumed alive
    worker          varchar(100),
    lease_until     timestamptz,
    -- a queued job is not run before this (retry back-off)
    not_before      timestamptz NOT NULL DEFAULT now(),
    -- when the job was last put on the stream; NULL: it must be (again)
    dispatched_at   timestamptz,
    error           jsonb,
    result          jsonb,
    request_id      varchar(128),
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at DESC, id DESC);
CREATE INDEX jobs_tenant_status_created ON jobs (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX jobs_queued ON jobs (not_before) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (lease_until) WHERE status = 'running';

-- Every attempt of a job, with how it ended: the history that shows a job completed exactly once.
CREATE TABLE job_attempts (
    job_id      uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer NOT NULL,
    worker      varchar(100) NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    -- NULL while it runs; then succeeded, failed, blocked, retry, cancelled, stale (fenced off) or lost
    outcome     varchar(16),
    PRIMARY KEY (job_id, attempt)
);

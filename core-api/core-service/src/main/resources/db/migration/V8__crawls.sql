-- Crawls: a site's pages, each page a job of the crawl. PostgreSQL holds the frontier (every URL the
-- crawl met, once: the primary key is the normalised URL) and the counts; Redis only carries the page
-- jobs to workers, as for every job.
CREATE TABLE crawls (
    id               uuid PRIMARY KEY,
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    url              text NOT NULL,
    -- queued and running are told apart by the page jobs; the row says when the crawl has ended
    status           varchar(16) NOT NULL DEFAULT 'running'
                     CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    -- the crawl's own options as validated, and the scrape options each page runs with (its url added)
    options          jsonb NOT NULL,
    page_request     jsonb NOT NULL,
    max_pages        integer NOT NULL CHECK (max_pages >= 1),
    max_concurrency  integer NOT NULL CHECK (max_concurrency >= 1),
    -- the least time between two page starts, and when the next may start
    delay_ms         integer NOT NULL DEFAULT 0,
    next_dispatch_at timestamptz NOT NULL DEFAULT now(),
    -- frontier rows so far (their seq), and those of them that are fetched (capped by max_pages)
    discovered       integer NOT NULL DEFAULT 0,
    admitted         integer NOT NULL DEFAULT 0,
    done             integer NOT NULL DEFAULT 0,
    failed           integer NOT NULL DEFAULT 0,
    blocked          integer NOT NULL DEFAULT 0,
    skipped_robots   integer NOT NULL DEFAULT 0,
    skipped_rules    integer NOT NULL DEFAULT 0,
    skipped_refused  integer NOT NULL DEFAULT 0,
    aliases          integer NOT NULL DEFAULT 0,
    cancelled        integer NOT NULL DEFAULT 0,
    -- the pages' requests carry the links format for the crawl's sake; false: it is taken out of their results
    keep_links       boolean NOT NULL,
    -- the last event's number: events are numbered under this row's lock, so they commit in order
    last_event       bigint NOT NULL DEFAULT 0,
    request_id       varchar(128),
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    cancelled_at     timestamptz
);
CREATE INDEX crawls_tenant_created ON crawls (tenant_id, created_at DESC);
CREATE INDEX crawls_open ON crawls (created_at) WHERE finished_at IS NULL;

ALTER TABLE jobs ADD COLUMN crawl_id uuid REFERENCES crawls (id) ON DELETE CASCADE;
CREATE INDEX jobs_crawl_open ON jobs (crawl_id, status) WHERE crawl_id IS NOT NULL AND status IN ('queued', 'running');
CREATE INDEX jobs_crawl_waiting ON jobs (crawl_id, position) WHERE crawl_id IS NOT NULL AND status = 'queued'
    AND dispatched_at IS NULL;

-- The frontier: every URL a crawl met, normalised, once (key: without a trailing slash; url: the
-- spelling met first, which is fetched). A page to fetch has its job; a URL left out
-- says why (robots: robots.txt disallows it; rules: includePaths / excludePaths; refused: the egress
-- guard refuses its address; alias: where a fetched page redirected to, so it is not fetched again).
CREATE TABLE crawl_pages (
    crawl_id  uuid NOT NULL REFERENCES crawls (id) ON DELETE CASCADE,
    key       text NOT NULL,
    url       text NOT NULL,
    seq       integer NOT NULL,
    depth     integer NOT NULL,
    skipped   varchar(16) CHECK (skipped IN ('robots', 'rules', 'refused', 'alias')),
    job_id    uuid REFERENCES jobs (id) ON DELETE CASCADE,
    -- the page's end is in the counts and the events
    reported  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (crawl_id, key),
    CHECK ((skipped IS NULL) = (job_id IS NOT NULL))
);
CREATE UNIQUE INDEX crawl_pages_job ON crawl_pages (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX crawl_pages_seq ON crawl_pages (crawl_id, seq);
CREATE INDEX crawl_pages_unreported ON crawl_pages (crawl_id) WHERE job_id IS NOT NULL AND NOT reported;

-- What a crawl's event stream (server-sent events) replays: numbered per crawl from 1.
CREATE TABLE crawl_events (
    crawl_id   uuid NOT NULL REFERENCES crawls (id) ON DELETE CASCADE,
    seq        bigint NOT NULL,
    type       varchar(16) NOT NULL CHECK (type IN ('page', 'page_failed', 'progress', 'finished')),
    data       jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (crawl_id, seq)
);

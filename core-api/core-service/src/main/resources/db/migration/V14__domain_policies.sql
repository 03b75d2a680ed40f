-- an operator's own politeness settings for one registrable domain, in place of the defaults
CREATE TABLE domain_policies (
    domain          text PRIMARY KEY,
    rate_per_second double precision CHECK (rate_per_second > 0),
    max_concurrency integer CHECK (max_concurrency > 0),
    breaker_failures integer CHECK (breaker_failures > 0),
    block_pause_after integer CHECK (block_pause_after >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text NOT NULL
);

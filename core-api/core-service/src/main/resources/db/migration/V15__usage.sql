-- a plan's monthly allowances and features: {"requestsPerMonth", "pagesPerMonth", "browserSecondsPerMonth",
-- "concurrentBrowsers", "maxCrawlPages", "features": [...], "retentionDays"}; a missing one is unlimited
ALTER TABLE plans ADD COLUMN allowances jsonb NOT NULL DEFAULT '{}';

-- what each tenant used per calendar month (UTC), as counted in Redis and written here every few seconds; a count
-- only grows, so a late or repeated write never takes one back
CREATE TABLE usage (
    tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    period     char(7) NOT NULL,
    requests   bigint NOT NULL DEFAULT 0,
    pages      bigint NOT NULL DEFAULT 0,
    browser_ms bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, period)
);

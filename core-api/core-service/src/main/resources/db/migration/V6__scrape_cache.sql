-- maxAge: a tenant's last answer to each distinct request, reused while it is young enough.
CREATE TABLE scrape_cache (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    -- SHA-256 (hex) of the request without the fields that do not change its answer (timeoutMs, maxAge, webhook)
    cache_key  varchar(64) NOT NULL,
    result     jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, cache_key)
);
CREATE INDEX scrape_cache_created ON scrape_cache (created_at);

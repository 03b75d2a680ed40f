CREATE TABLE tenants (
    id              uuid PRIMARY KEY,
    name            varchar(100) NOT NULL,
    concurrency_cap integer NOT NULL CHECK (concurrency_cap >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz
);
-- Names are unique regardless of case ("Acme" and "acme" are one tenant).
CREATE UNIQUE INDEX tenants_name_unique ON tenants (lower(name));

-- API tokens: only a SHA-256 hash of the secret part is stored. The public id (the part
-- after "glt_") finds the row; the hash is then compared in constant time.
CREATE TABLE api_tokens (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    public_id   varchar(16) NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    name        varchar(100) NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id);

CREATE TABLE scrapes (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    url          text NOT NULL,
    final_url    text,
    status_code  integer,
    outcome      varchar(32) NOT NULL,
    detail       text,
    duration_ms  bigint NOT NULL,
    request_id   varchar(128),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scrapes_tenant_created ON scrapes (tenant_id, created_at DESC);

CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    actor       varchar(100) NOT NULL,
    action      varchar(64) NOT NULL,
    target      varchar(200),
    details     text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

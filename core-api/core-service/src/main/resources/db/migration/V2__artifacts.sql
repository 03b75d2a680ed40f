-- Binary results (screenshots, PDFs): the bytes live in the artifact store (a directory by
-- default), the row says whose they are. Only the owning tenant can read one.
CREATE TABLE artifacts (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    scrape_id    uuid NOT NULL,
    name         varchar(32) NOT NULL,
    content_type varchar(64) NOT NULL,
    bytes        integer NOT NULL CHECK (bytes >= 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artifacts_tenant_created ON artifacts (tenant_id, created_at DESC);

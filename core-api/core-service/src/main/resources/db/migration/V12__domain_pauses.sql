-- an operator's pause of fetching from one registrable domain, for every tenant or for one
CREATE TABLE domain_pauses (
    id          uuid PRIMARY KEY,
    domain      text NOT NULL,
    tenant_id   uuid REFERENCES tenants (id) ON DELETE CASCADE,
    reason      text NOT NULL,
    until       timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL,
    ended_at    timestamptz,
    ended_by    text
);
-- what every instance reads twice a second: the pauses in force
CREATE INDEX domain_pauses_open ON domain_pauses (domain) WHERE ended_at IS NULL;

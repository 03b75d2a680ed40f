-- Plans: named sets of per-tenant rate limits (later issues add allowances). Exactly one plan is the
-- default, the plan of every tenant not put on another. The gateway enforces the limits; it learns
-- them with each token (introspection), so a change reaches it with its token cache.
CREATE TABLE plans (
    id         uuid PRIMARY KEY,
    name       varchar(100) NOT NULL UNIQUE,
    is_default boolean NOT NULL DEFAULT false,
    -- {"scrape": {"perSecond", "burst"}, "jobs": …, "crawls": …, "read": …}
    limits     jsonb NOT NULL,
    version    bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX plans_one_default ON plans (is_default) WHERE is_default;

INSERT INTO plans (id, name, is_default, limits) VALUES ('00000000-0000-0000-0000-000000000001', 'default', true,
    '{"scrape": {"perSecond": 20, "burst": 100}, "jobs": {"perSecond": 100, "burst": 500},
      "crawls": {"perSecond": 2, "burst": 10}, "read": {"perSecond": 100, "burst": 500}}');

-- NULL: the default plan
ALTER TABLE tenants ADD COLUMN plan_id uuid REFERENCES plans (id);

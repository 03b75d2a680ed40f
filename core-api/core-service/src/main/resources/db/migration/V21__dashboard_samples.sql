-- The dashboard's queue and farm figures, sampled by every core-api instance and kept one per minute, so that
-- every console instance charts the same last hour (the scrapes' history is the scrape log itself)
CREATE TABLE dashboard_samples (
    minute           timestamptz PRIMARY KEY,
    queued           bigint      NOT NULL,
    running          bigint      NOT NULL,
    -- how long the job waiting longest had waited (null when none waited)
    oldest_age_seconds bigint,
    -- null when the farm's registry (Redis) did not answer
    slots            integer,
    busy             bigint,
    sampled_at       timestamptz NOT NULL
);

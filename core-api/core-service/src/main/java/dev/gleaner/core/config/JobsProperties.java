package dev.gleaner.core.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The job pipeline of core-api: every instance serves the API and works jobs unless one role is
 * switched off.
 *
 * @param api            this instance serves the API ({@code /v1}, {@code /admin}, {@code /internal}); off makes it a
 *                       worker only, which answers 404 there
 * @param worker         this instance takes jobs from the stream and runs them; off makes it API only
 * @param concurrency    jobs one instance runs at once
 * @param maxAttempts    attempts a job gets before it fails with its last error
 * @param retryBase      back-off before the second attempt; it doubles per attempt, with jitter
 * @param retryMax       the longest back-off between two attempts
 * @param claimIdle      how long a running job's instance may stay silent before another instance takes the job
 *                       over (it renews its hold every third of this)
 * @param sweepInterval  how often queued work is checked against the stream: jobs not on it (Redis was down or
 *                       lost its data) are put on it, jobs whose instance died are taken back
 * @param reofferAfter   a queued job still not taken this long after it was put on the stream is put on it again
 *                       (covers an instance that died between writing a job and queueing it)
 * @param instanceId     this instance's name as a stream consumer and job holder; empty: made up at start
 */
@Validated
@ConfigurationProperties("gleaner.core.jobs")
public record JobsProperties(
        @DefaultValue("true") boolean api,
        @DefaultValue("true") boolean worker,
        @Min(1) @Max(1000) @DefaultValue("4") int concurrency,
        @Min(1) @Max(20) @DefaultValue("3") int maxAttempts,
        @NotNull @DefaultValue("1s") Duration retryBase,
        @NotNull @DefaultValue("60s") Duration retryMax,
        @NotNull @DefaultValue("30s") Duration claimIdle,
        @NotNull @DefaultValue("2s") Duration sweepInterval,
        @NotNull @DefaultValue("5m") Duration reofferAfter,
        @DefaultValue("") String instanceId) {
}

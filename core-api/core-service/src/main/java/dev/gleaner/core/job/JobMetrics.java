package dev.gleaner.core.job;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The job pipeline's meters ({@code gleaner_jobs_*}). Queue depth and age are the cluster's, read by the sweeper. */
@Component
public class JobMetrics {

    /** The histogram's buckets: the SLO's 60 s and a few around it. */
    private static final Duration[] SLO_BUCKETS = {Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)};

    private final MeterRegistry meters;
    private final Counter submitted;
    private final Counter attempts;
    private final Counter retries;
    private final Counter stale;
    private final Counter dispatchFailures;
    private final Counter reoffered;
    private final Counter rebuilds;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeMs = new AtomicLong();
    private final AtomicLong running = new AtomicLong();

    public JobMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.submitted = Counter.builder("gleaner.jobs.submitted").description("Jobs accepted").register(meters);
        this.attempts = Counter.builder("gleaner.jobs.attempts").description("Attempts started").register(meters);
        this.retries = Counter.builder("gleaner.jobs.retries").description("Attempts that failed and were queued again")
                .register(meters);
        this.stale = Counter.builder("gleaner.jobs.stale.completions")
                .description("Attempts that ended after losing their hold (fenced off, nothing written)").register(meters);
        this.dispatchFailures = Counter.builder("gleaner.jobs.dispatch.failures")
                .description("Jobs accepted while the stream could not be written (queued from PostgreSQL later)")
                .register(meters);
        this.reoffered = Counter.builder("gleaner.jobs.reoffered")
                .description("Queued jobs put on the stream by the sweeper").register(meters);
        this.rebuilds = Counter.builder("gleaner.jobs.stream.rebuilds")
                .description("Times the stream was found missing and rebuilt from PostgreSQL").register(meters);
        Gauge.builder("gleaner.jobs.queue.depth", depth, AtomicLong::get).description("Queued jobs, cluster-wide")
                .register(meters);
        Gauge.builder("gleaner.jobs.oldest.queued.age.seconds", oldestAgeMs, ms -> ms.get() / 1000.0)
                .description("Age of the oldest queued job").register(meters);
        Gauge.builder("gleaner.jobs.running", running, AtomicLong::get).description("Jobs this instance runs now")
                .register(meters);
    }

    void submitted() {
        submitted.increment();
    }

    void attemptStarted(boolean takenOver) {
        attempts.increment();
        running.incrementAndGet();
        if (takenOver) {
            takenOver("claim", 1);
        }
    }

    void attemptEnded() {
        running.decrementAndGet();
    }

    /** A job whose instance went silent, taken over by another instance's claim or put back by the sweeper. */
    void takenOver(String by, long count) {
        Counter.builder("gleaner.jobs.claimed.after.death").tag("by", by)
                .description("Jobs taken from an instance that stopped answering").register(meters).increment(count);
    }

    void completed(JobStatus status) {
        Counter.builder("gleaner.jobs.completed").tag("outcome", status.wire()).description("Jobs ended, by outcome")
                .register(meters).increment();
    }

    /**
     * A job ended by its attempt: counted, and its time from submission to end recorded in a histogram whose 60 s
     * bucket is the SLO's ("99 % of jobs succeed within 60 s": {@code gleaner_jobs_latency_seconds_bucket{le="60.0"}}).
     */
    void completed(JobStatus status, Instant submittedAt) {
        completed(status);
        if (submittedAt != null) {
            Timer.builder("gleaner.jobs.latency").tag("outcome", status.wire())
                    .description("Jobs from submission to their end, by outcome")
                    .serviceLevelObjectives(SLO_BUCKETS)
                    .register(meters).record(Duration.between(submittedAt, Instant.now()));
        }
    }

    void retried() {
        retries.increment();
    }

    void fencedOff() {
        stale.increment();
    }

    void dispatchFailed() {
        dispatchFailures.increment();
    }

    void reoffered(long count) {
        reoffered.increment(count);
    }

    void rebuilt() {
        rebuilds.increment();
    }

    void queue(JobRuns.QueueStats stats) {
        depth.set(stats.depth());
        oldestAgeMs.set(stats.oldest() == null ? 0 : Math.max(0, Duration.between(stats.oldest(), Instant.now()).toMillis()));
    }
}

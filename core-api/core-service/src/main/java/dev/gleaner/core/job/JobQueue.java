package dev.gleaner.core.job;

import java.time.Duration;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Carries job ids from the instances that accept jobs to the instances that run them. It holds
 * nothing that PostgreSQL does not also know: whatever it loses is offered again from there
 * ({@link JobSweeper}). A delivery stays with its consumer until {@link #done}; one whose
 * consumer stops renewing it is handed to another consumer ({@link #claimAbandoned}).
 */
public interface JobQueue {

    /**
     * One job handed to a consumer.
     *
     * @param traceParent the W3C {@code traceparent} of the request that submitted the job, or null
     */
    record Delivery(String entryId, UUID jobId, String traceParent) {
    }

    /**
     * Makes the queue ready to use. Answers true when it had to be made: on the first start, and when
     * the store lost its data, in which case every queued job must be offered again.
     */
    Mono<Boolean> ensureReady();

    /** Puts a job on the queue, with the trace it continues ({@code traceParent}; null for none). */
    Mono<Void> offer(UUID jobId, String traceParent);

    /** Puts a job on the queue, outside any trace. */
    default Mono<Void> offer(UUID jobId) {
        return offer(jobId, null);
    }

    /** Up to {@code count} jobs for {@code consumer}, waiting at most {@code wait} for the first. */
    Flux<Delivery> take(String consumer, int count, Duration wait);

    /** Deliveries whose consumer has not renewed them for {@code minIdle}: they are now {@code consumer}'s. */
    Flux<Delivery> claimAbandoned(String consumer, Duration minIdle, int count);

    /** Tells the queue the consumer still works on the delivery (its idle time starts again). */
    Mono<Void> renew(String consumer, String entryId);

    /** The delivery is dealt with: nobody gets it again. */
    Mono<Void> done(String entryId);
}

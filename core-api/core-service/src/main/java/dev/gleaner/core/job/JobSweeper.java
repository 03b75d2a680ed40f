package dev.gleaner.core.job;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.lifecycle.PeriodicTask;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the queue true to PostgreSQL, at start and every sweep interval, on every instance (they
 * skip each other's rows):
 * <ol>
 * <li>running jobs whose instance has been silent for twice the claim idle time are queued again (or
 * failed as lost after their last attempt): the queue's own hand-over covers the common case, this
 * covers a queue that lost the delivery;</li>
 * <li>when the queue had to be made anew (first start, or Redis lost its data), every queued job is to
 * be offered again;</li>
 * <li>queued jobs that are due and not on the queue (Redis was down when they were accepted, a retry's
 * back-off ended, or they were offered long ago and never taken) are put on it;</li>
 * <li>the queue's depth and oldest age are read for the metrics.</li>
 * </ol>
 */
@Component
public class JobSweeper extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(JobSweeper.class);
    /** Lifecycle phase: before the worker, and before the web server stops taking requests. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 100;
    private static final int BATCH = 500;
    private static final int MAX_BATCHES = 20;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

    private final JobQueue queue;
    private final JobRuns runs;
    private final JobMetrics metrics;
    private final JobsProperties properties;

    public JobSweeper(JobQueue queue, JobRuns runs, JobMetrics metrics, JobsProperties properties) {
        super("job sweep", properties.sweepInterval());
        this.queue = queue;
        this.runs = runs;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** One sweep; each step's failure is logged and leaves the next steps to run. */
    @Override
    public Mono<Void> round() {
        return takeBack()
                .then(rebuildIfLost())
                .flatMap(ready -> ready ? offerDue() : Mono.empty())
                .then(runs.queueStats().doOnNext(metrics::queue)
                        .onErrorResume(e -> Mono.empty()))
                .then();
    }

    private Mono<Void> takeBack() {
        return runs.takeBackAbandoned(properties.claimIdle()).collectList()
                .doOnNext(back -> {
                    if (!back.isEmpty()) {
                        log.warn("{} job(s) whose instance went silent taken back: {}", back.size(), back);
                        metrics.takenOver("sweep", back.size());
                        back.stream().filter(t -> t.status() == JobStatus.FAILED)
                                .forEach(t -> metrics.completed(JobStatus.FAILED));
                    }
                })
                .onErrorResume(e -> {
                    log.warn("job sweep could not check running jobs: {}", e.toString());
                    return Mono.just(List.of());
                })
                .then();
    }

    /** True when the queue can be written; first re-marks every queued job when the queue had been lost. */
    private Mono<Boolean> rebuildIfLost() {
        return queue.ensureReady().timeout(REDIS_TIMEOUT)
                .flatMap(made -> !made ? Mono.just(true) : runs.undispatchAll()
                        .doOnNext(n -> {
                            metrics.rebuilt();
                            log.warn("job stream made anew (first start, or Redis lost its data): {} queued job(s) are"
                                    + " offered again from PostgreSQL", n);
                        })
                        .thenReturn(true))
                .onErrorResume(e -> {
                    log.warn("job sweep cannot reach the queue: {}", e.toString());
                    return Mono.just(false);
                });
    }

    private Mono<Void> offerDue() {
        return Flux.range(0, MAX_BATCHES)
                .concatMap(batch -> runs.dueForOffer(properties.reofferAfter(), BATCH)
                        .concatMap(id -> queue.offer(id).timeout(REDIS_TIMEOUT).thenReturn(true)
                                .onErrorResume(e -> runs.markUndispatched(id).thenReturn(false)))
                        .collectList(), 1)
                .takeUntil(offered -> offered.size() < BATCH)
                .map(offered -> offered.stream().filter(Boolean::booleanValue).count())
                .reduce(0L, Long::sum)
                .doOnNext(n -> {
                    if (n > 0) {
                        metrics.reoffered(n);
                        log.info("{} queued job(s) put on the stream", n);
                    }
                })
                .onErrorResume(e -> {
                    log.warn("job sweep could not offer queued jobs: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

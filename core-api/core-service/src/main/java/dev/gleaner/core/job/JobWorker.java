package dev.gleaner.core.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.gleaner.core.client.job.JobError;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.error.DomainWait;
import dev.gleaner.core.error.TenantSuspendedException;
import dev.gleaner.core.tenant.TenantRepository;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.scrape.ScrapeService;
import io.micrometer.observation.Observation;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs jobs: takes deliveries from the queue (new ones, and those an instance that went silent
 * left behind), claims each job's next attempt in PostgreSQL, runs it as a synchronous scrape
 * would run, and ends it fenced by the attempt. While an attempt runs, its hold is renewed in
 * PostgreSQL and on the queue; when the renewal finds the hold gone (the job was cancelled, or
 * taken over), the render is cancelled and its result thrown away.
 *
 * <p>At most {@link JobsProperties#concurrency()} attempts run at once. On shutdown it takes no new
 * work, lets running attempts finish for a while, and hands back what is still running, so another
 * instance takes it at once.
 */
@Component
public class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration TAKE_WAIT = Duration.ofSeconds(1);
    private static final Duration PAUSE_AFTER_ERROR = Duration.ofSeconds(1);
    private static final Duration DRAIN = Duration.ofSeconds(20);
    /** How often a job whose domain is paused with no end (or a far one) looks again. */
    private static final Duration PAUSE_RECHECK = Duration.ofSeconds(5);
    private static final Duration MIN_WAIT = Duration.ofMillis(100);

    private final JobQueue queue;
    private final TenantRepository tenants;
    private final JobRuns runs;
    private final ScrapeService scrapes;
    private final JobMetrics metrics;
    private final JsonMapper json;
    private final CoreProperties core;
    private final JobsProperties properties;
    private final CrawlPageEnd crawlPages;
    private final JobTraces traces;
    private final Backoff backoff;
    private final String consumer;
    private final Map<UUID, JobRuns.Claim> inFlight = new ConcurrentHashMap<>();
    private volatile boolean taking;
    private volatile Disposable work;

    public JobWorker(JobQueue queue, JobRuns runs, ScrapeService scrapes, JobMetrics metrics, JsonMapper json,
            CoreProperties core, JobsProperties properties, InstanceId instance, CrawlPageEnd crawlPages,
            TenantRepository tenants, JobTraces traces) {
        this.tenants = tenants;
        this.traces = traces;
        this.queue = queue;
        this.runs = runs;
        this.scrapes = scrapes;
        this.metrics = metrics;
        this.json = json;
        this.core = core;
        this.properties = properties;
        this.crawlPages = crawlPages;
        this.backoff = new Backoff(properties.retryBase(), properties.retryMax());
        this.consumer = instance.value();
    }

    @Override
    public void start() {
        if (!properties.worker()) {
            log.info("job worker off (GLEANER_JOBS_WORKER=false): this instance runs no jobs");
            return;
        }
        taking = true;
        Flux<JobQueue.Delivery> fresh = Flux.defer(() -> queue.take(consumer, 1, TAKE_WAIT))
                .onErrorResume(e -> pause("cannot take jobs from the queue", e))
                .repeat(() -> taking);
        Flux<JobQueue.Delivery> abandoned = Flux.interval(properties.claimIdle().dividedBy(3))
                .onBackpressureDrop()
                .concatMap(tick -> !taking ? Flux.<JobQueue.Delivery>empty()
                        : queue.claimAbandoned(consumer, properties.claimIdle(), properties.concurrency())
                                .onErrorResume(e -> pause("cannot claim abandoned jobs", e)), 1);
        work = Flux.merge(1, fresh, abandoned)
                .flatMap(this::work, properties.concurrency(), 1)
                .subscribe();
        log.info("job worker {} started, {} at once", consumer, properties.concurrency());
    }

    private <T> Mono<T> pause(String what, Throwable e) {
        if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
            log.info("{}: the stream is not there (yet); the sweeper makes it and offers the queued jobs again", what);
        } else {
            log.warn("{}: {}", what, e.toString());
        }
        return Mono.delay(PAUSE_AFTER_ERROR).then(Mono.empty());
    }

    /** One delivery: claim the attempt and run it; done with the delivery unless another instance holds the job. */
    private Mono<Void> work(JobQueue.Delivery delivery) {
        return runs.claim(delivery.jobId(), consumer, properties.claimIdle())
                .flatMap(claim -> run(claim, delivery).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> runs.heldElsewhere(delivery.jobId())
                        .flatMap(held -> held ? Mono.just(false) : queue.done(delivery.entryId()).thenReturn(false))))
                .onErrorResume(e -> {
                    // PostgreSQL or Redis failed: the delivery stays pending and is claimed again after the idle time
                    log.warn("job {} not run now: {}", delivery.jobId(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> run(JobRuns.Claim claim, JobQueue.Delivery delivery) {
        inFlight.put(claim.jobId(), claim);
        metrics.attemptStarted(claim.takenOver());
        if (claim.takenOver()) {
            log.info("job {} taken over from a silent instance, attempt {}", claim.jobId(), claim.attempt());
        }
        Mono<Boolean> holdLost = Flux.interval(properties.claimIdle().dividedBy(3))
                .concatMap(tick -> runs.renew(claim, properties.claimIdle())
                        .flatMap(held -> held ? queue.renew(consumer, delivery.entryId()).onErrorComplete()
                                .thenReturn(true) : Mono.just(false))
                        .onErrorReturn(true))
                .filter(held -> !held)
                .next();
        Observation span = traces.start(claim.jobId(), claim.tenantId(), delivery.traceParent());
        return traces.within(span, attempt(claim, span))
                .takeUntilOther(holdLost)
                .flatMap(ended -> end(claim, ended))
                .switchIfEmpty(Mono.defer(() -> {
                    log.info("job {} attempt {} lost its hold (cancelled or taken over); its result is dropped",
                            claim.jobId(), claim.attempt());
                    return runs.fencedOff(claim);
                }))
                .flatMap(written -> queue.done(delivery.entryId()).onErrorResume(e -> Mono.empty()))
                .doFinally(signal -> {
                    inFlight.remove(claim.jobId());
                    metrics.attemptEnded();
                });
    }

    /** What one attempt produced: the scrape's answer, or why it failed. */
    private record Ended(ScrapeResponse response, GleanerException failure, Throwable unexpected) {
    }

    private Mono<Ended> attempt(JobRuns.Claim claim, Observation span) {
        // a suspended tenant's jobs wait for it to be resumed (its tokens are refused meanwhile)
        return tenants.isSuspended(claim.tenantId())
                .flatMap(suspended -> suspended ? Mono.error(new TenantSuspendedException())
                        : Mono.fromCallable(() -> ScrapeCommand.validate(json.readValue(claim.requestJson(),
                                ScrapeRequest.class), core.defaultTimeout())))
                .doOnNext(command -> span.highCardinalityKeyValue("domain", command.url().getHost()))
                .flatMap(command -> scrapes.scrape(claim.tenantId(), command, claim.requestId()))
                .map(response -> new Ended(response, null, null))
                .onErrorResume(GleanerException.class, e -> Mono.just(new Ended(null, e, null)))
                .onErrorResume(e -> Mono.just(new Ended(null, null, e)));
    }

    /** Writes how the attempt ended, fenced by its number; false when it no longer held the job. */
    private Mono<Boolean> end(JobRuns.Claim claim, Ended ended) {
        if (ended.response() != null) {
            // a block or CAPTCHA page ends the job blocked, its content kept as the result; a page fetched whose
            // extraction by the model failed ends it failed, the page and the model's raw answer kept
            ScrapeResponse response = ended.response();
            JobStatus status = response.isBlocked() ? JobStatus.BLOCKED
                    : response.extractionFailed() ? JobStatus.FAILED : JobStatus.SUCCEEDED;
            String errorJson = response.isBlocked() ? json.writeValueAsString(JobFailures.blockPage(response))
                    : response.extractionFailed() ? json.writeValueAsString(JobFailures.extraction(response)) : null;
            return count(claim, claim.crawlId() != null ? crawlPages.end(claim, status, response, errorJson)
                    : runs.finish(claim, status, json.writeValueAsString(response), errorJson), status);
        }
        JobFailures.Verdict verdict;
        JobError error;
        if (ended.failure() != null) {
            verdict = JobFailures.verdict(ended.failure());
            error = JobFailures.of(ended.failure(), ScrapeService.outcomeOf(ended.failure()));
        } else {
            log.error("job {} attempt {} failed unexpectedly", claim.jobId(), claim.attempt(), ended.unexpected());
            verdict = JobFailures.Verdict.RETRY;
            error = new JobError(GleanerException.TYPE_PREFIX + "internal-error", "Internal error",
                    "the attempt failed unexpectedly; it is logged under the job id", "INTERNAL");
        }
        String errorJson = json.writeValueAsString(error);
        if (verdict == JobFailures.Verdict.WAIT) {
            Duration wait = ended.failure() instanceof DomainWait held && held.retryAfter() != null ? held.retryAfter()
                    : PAUSE_RECHECK;
            Duration delay = wait.compareTo(PAUSE_RECHECK) > 0 ? PAUSE_RECHECK
                    : wait.compareTo(MIN_WAIT) < 0 ? MIN_WAIT : wait;
            log.info("job {} waits (again in {} ms): {}", claim.jobId(), delay.toMillis(), ended.failure().getMessage());
            return runs.postpone(claim, delay, errorJson);
        }
        if (verdict == JobFailures.Verdict.RETRY && claim.attempt() < claim.maxAttempts()) {
            Duration delay = backoff.after(claim.attempt());
            log.info("job {} attempt {} failed ({}); next attempt in {} ms", claim.jobId(), claim.attempt(),
                    error.outcome(), delay.toMillis());
            return runs.retry(claim, delay, errorJson).doOnNext(written -> {
                if (written) {
                    metrics.retried();
                } else {
                    metrics.fencedOff();
                }
            });
        }
        JobStatus status = verdict == JobFailures.Verdict.BLOCKED ? JobStatus.BLOCKED : JobStatus.FAILED;
        return count(claim, claim.crawlId() != null ? crawlPages.end(claim, status, null, errorJson)
                : runs.finish(claim, status, null, errorJson), status);
    }

    private Mono<Boolean> count(JobRuns.Claim claim, Mono<Boolean> written, JobStatus status) {
        return written.doOnNext(ok -> {
            if (ok) {
                metrics.completed(status, claim.createdAt());
            } else {
                metrics.fencedOff();
            }
        });
    }

    @Override
    public void stop(Runnable callback) {
        taking = false;
        Disposable running = work;
        if (running == null) {
            callback.run();
            return;
        }
        Mono.delay(Duration.ofMillis(100)).repeat(() -> !inFlight.isEmpty()).then()
                .timeout(DRAIN, Mono.empty())
                .then(Mono.fromCallable(() -> {
                    // what still runs, before disposing cancels it (and forgets it)
                    List<JobRuns.Claim> unfinished = List.copyOf(inFlight.values());
                    running.dispose();
                    return unfinished;
                }))
                .flatMapMany(Flux::fromIterable)
                .concatMap(claim -> runs.handBack(claim).onErrorResume(e -> Mono.just(false))
                        .doOnNext(back -> log.info("job {} handed back at shutdown", claim.jobId())))
                .then()
                .doFinally(signal -> {
                    work = null;
                    callback.run();
                })
                .subscribe();
    }

    @Override
    public void stop() {
        taking = false;
        if (work != null) {
            work.dispose();
            work = null;
        }
    }

    @Override
    public boolean isRunning() {
        return work != null;
    }

    /** Starts after the sweeper, which makes the stream, and stops before it. */
    @Override
    public int getPhase() {
        return JobSweeper.PHASE + 1;
    }
}

package dev.gleaner.core.job;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.job.JobError;
import dev.gleaner.core.client.job.JobList;
import dev.gleaner.core.client.job.JobView;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.IdempotencyMismatchException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.usage.Admission;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs as tenants see them. A job is written to PostgreSQL first, then put on the queue; when the
 * queue cannot be written (Redis down), the job is still accepted and the sweeper queues it later.
 * With PostgreSQL down nothing is written and the caller gets 503.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    /** A submission's job, and whether this submission made it (false: an earlier one with the same key did). */
    public record Submitted(Job job, boolean created) {
    }

    private final JobRepository jobs;
    private final JobRuns runs;
    private final JobQueue queue;
    private final JobMetrics metrics;
    private final JsonMapper json;
    private final CoreProperties core;
    private final JobsProperties properties;
    private final Admission admission;
    private final JobTraces traces;

    public JobService(JobRepository jobs, JobRuns runs, JobQueue queue, JobMetrics metrics, JsonMapper json, CoreProperties core,
            JobsProperties properties, Admission admission, JobTraces traces) {
        this.admission = admission;
        this.traces = traces;
        this.jobs = jobs;
        this.runs = runs;
        this.queue = queue;
        this.metrics = metrics;
        this.json = json;
        this.core = core;
        this.properties = properties;
    }

    public Mono<Submitted> submit(UUID tenantId, ScrapeRequest request, String idempotencyKey, String requestId) {
        return Mono.fromCallable(() -> {
            ScrapeCommand command = ScrapeCommand.validate(request, core.defaultTimeout());
            if (request.webhook() != null && request.webhook().events() != null
                    && request.webhook().events().contains("batch.completed")) {
                throw InvalidInputException.of("webhook.events", "batch.completed is sent for batches only");
            }
            if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
                throw InvalidInputException.of("Idempotency-Key", "must be 1 to 255 visible ASCII characters");
            }
            String body = json.writeValueAsString(request);
            return new Prepared(new JobRepository.NewJob(UUID.randomUUID(), tenantId, body, RequestHash.of(body),
                    idempotencyKey, properties.maxAttempts(), requestId), command);
        }).flatMap(prepared -> {
            JobRepository.NewJob job = prepared.job();
            // admitted (features, quota) only when a job is made, not when an earlier submission is answered again
            Mono<Submitted> create = Mono.defer(() -> admission.scrapes(tenantId, prepared.command(), 1).then(create(job)));
            return idempotencyKey == null ? create : earlier(job).switchIfEmpty(create
                    .onErrorResume(DuplicateKeyException.class, e -> earlier(job)));
        });
    }

    /** A submission as validated: the job to write, and what it asks for. */
    private record Prepared(JobRepository.NewJob job, ScrapeCommand command) {
    }

    /** The job an earlier submission with the same key made, if the request is the same; 422 if it is not. */
    private Mono<Submitted> earlier(JobRepository.NewJob job) {
        return jobs.findByKey(job.tenantId(), job.idempotencyKey()).map(keyed -> {
            if (!MessageDigest.isEqual(keyed.requestHash(), job.requestHash())) {
                throw new IdempotencyMismatchException();
            }
            return new Submitted(keyed.job(), false);
        });
    }

    private Mono<Submitted> create(JobRepository.NewJob job) {
        return jobs.insert(job)
                .doOnNext(created -> metrics.submitted())
                .flatMap(created -> queue.offer(created.id(), traces.currentParent()).timeout(QUEUE_TIMEOUT)
                        .onErrorResume(e -> {
                            log.warn("job {} accepted but not queued yet ({}); it is queued from PostgreSQL when Redis"
                                    + " answers", created.id(), e.toString());
                            metrics.dispatchFailed();
                            return runs.markUndispatched(created.id()).onErrorResume(again -> Mono.empty());
                        })
                        .thenReturn(new Submitted(created, true)));
    }

    public Mono<JobView> get(UUID tenantId, UUID id) {
        return jobs.find(tenantId, id).switchIfEmpty(notFound(id)).map(job -> view(job, true));
    }

    public Mono<JobList> list(UUID tenantId, String status, String cursor, Integer limit) {
        return Mono.defer(() -> {
            JobStatus wanted = status == null ? null : JobStatus.of(status).orElseThrow(() -> InvalidInputException.of(
                    "status", "must be one of queued, running, succeeded, failed, blocked, cancelled"));
            JobRepository.Position after = cursor == null ? null : JobRepository.Position.of(cursor);
            int size = limit == null ? DEFAULT_PAGE : limit;
            if (size < 1 || size > MAX_PAGE) {
                throw InvalidInputException.of("limit", "must be between 1 and " + MAX_PAGE);
            }
            return jobs.list(tenantId, wanted, after, size + 1).collectList().map(page -> {
                List<Job> shown = page.size() > size ? page.subList(0, size) : page;
                String next = page.size() > size
                        ? new JobRepository.Position(shown.getLast().createdAt(), shown.getLast().id()).cursor() : null;
                return new JobList(shown.stream().map(job -> view(job, false)).toList(), next);
            });
        });
    }

    /** Cancels a queued or running job (again: the same answer); a job that already ended is a conflict. */
    public Mono<JobView> cancel(UUID tenantId, UUID id) {
        return jobs.cancel(tenantId, id).switchIfEmpty(notFound(id)).map(job -> {
            if (job.status() != JobStatus.CANCELLED) {
                throw new ConflictException("job " + id + " already ended " + job.status().wire()
                        + "; only queued or running jobs can be cancelled");
            }
            return view(job, false);
        });
    }

    private static <T> Mono<T> notFound(UUID id) {
        return Mono.error(() -> new NotFoundException("no job with id " + id));
    }

    private JobView view(Job job, boolean withResult) {
        return new JobView(job.id(), job.status().wire(), job.attempts(), job.createdAt(), job.startedAt(),
                job.finishedAt(), job.errorJson() == null ? null : json.readValue(job.errorJson(), JobError.class),
                withResult && job.resultJson() != null ? json.readTree(job.resultJson()) : null);
    }
}

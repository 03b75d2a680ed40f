package dev.gleaner.core.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.batch.BatchResult;
import dev.gleaner.core.client.batch.BatchResults;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.batch.BatchView;
import dev.gleaner.core.client.job.JobError;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.job.JobQueue;
import dev.gleaner.core.job.JobRepository;
import dev.gleaner.core.job.JobStatus;
import dev.gleaner.core.job.JobTraces;
import dev.gleaner.core.job.RequestHash;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.usage.Admission;
import dev.gleaner.core.web.BodyErrors;
import dev.gleaner.core.web.SeqCursor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Batches: many URLs with the same scrape options, one job each, written in one transaction and then
 * queued (when the queue cannot be written, the sweeper queues them later, as for single jobs).
 */
@Service
public class BatchService {

    private static final Logger log = LoggerFactory.getLogger(BatchService.class);
    static final int MAX_URLS = 1_000;
    static final int DEFAULT_PAGE = 10;
    static final int MAX_PAGE = 100;
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(5);

    private final BatchRepository batches;
    private final JobQueue queue;
    private final JobTraces traces;
    private final JsonMapper json;
    private final CoreProperties core;
    private final JobsProperties properties;
    private final Admission admission;

    public BatchService(BatchRepository batches, JobQueue queue, JsonMapper json, CoreProperties core,
            JobsProperties properties, Admission admission, JobTraces traces) {
        this.admission = admission;
        this.traces = traces;
        this.batches = batches;
        this.queue = queue;
        this.json = json;
        this.core = core;
        this.properties = properties;
    }

    /** A batch that passed validation: its options and its URLs, in order. */
    private record Validated(ScrapeRequest options, List<String> urls, ScrapeCommand first) {
    }

    public Mono<BatchRepository.Batch> submit(UUID tenantId, JsonNode body, String requestId) {
        return Mono.fromCallable(() -> validate(body)).flatMap(valid -> {
            UUID id = UUID.randomUUID();
            List<UUID> jobIds = valid.urls().stream().map(url -> UUID.randomUUID()).toList();
            String options = json.writeValueAsString(valid.options());
            String traceParent = traces.currentParent();
            return admission.scrapes(tenantId, valid.first(), valid.urls().size()).then(batches.insert(id, tenantId, options, RequestHash.of(options), jobIds, valid.urls(), properties.maxAttempts(),
                            requestId)
                    .flatMap(batch -> Flux.fromIterable(jobIds)
                            // every job of the batch continues the trace of the request that submitted it
                            .flatMap(jobId -> queue.offer(jobId, traceParent), 64)
                            .then()
                            .timeout(QUEUE_TIMEOUT)
                            .onErrorResume(e -> {
                                log.warn("batch {} accepted but not (fully) queued yet ({}); its jobs are queued from"
                                        + " PostgreSQL when Redis answers", id, e.toString());
                                return batches.markUndispatched(id).onErrorResume(again -> Mono.empty());
                            })
                            .thenReturn(batch)));
        });
    }

    private Validated validate(JsonNode body) {
        if (!(body instanceof ObjectNode fields)) {
            throw InvalidInputException.of("body", "a JSON object with \"urls\" is required");
        }
        ObjectNode rest = fields.deepCopy();
        JsonNode urlsNode = rest.remove("urls");
        List<FieldError> errors = new ArrayList<>();
        if (rest.has("url")) {
            errors.add(new FieldError("url", "a batch takes \"urls\", a list; \"url\" is for a single scrape or job"));
            rest.remove("url");
        }
        List<String> urls = new ArrayList<>();
        if (urlsNode == null || !urlsNode.isArray() || urlsNode.isEmpty() || urlsNode.size() > MAX_URLS) {
            errors.add(new FieldError("urls", "must be a list of 1 to " + MAX_URLS + " URLs"));
        } else {
            for (int i = 0; i < urlsNode.size(); i++) {
                JsonNode url = urlsNode.get(i);
                if (!url.isString()) {
                    errors.add(new FieldError("urls[" + i + "]", "must be a string"));
                }
                urls.add(url.isString() ? url.asString() : null);
            }
        }
        ScrapeRequest options;
        try {
            options = json.treeToValue(rest, ScrapeRequest.class);
        } catch (JacksonException e) {
            errors.add(BodyErrors.describe(e));
            throw new InvalidInputException(errors);
        }
        // every URL against the same options: URL problems by index, the options' own problems once
        Set<FieldError> optionErrors = new LinkedHashSet<>();
        for (int i = 0; i < urls.size(); i++) {
            if (urls.get(i) == null) {
                continue;
            }
            try {
                ScrapeCommand.validate(options.withUrl(urls.get(i)), core.defaultTimeout());
            } catch (InvalidInputException e) {
                for (FieldError error : e.errors()) {
                    if (error.field().equals("url")) {
                        errors.add(new FieldError("urls[" + i + "]", error.message()));
                    } else {
                        optionErrors.add(error);
                    }
                }
            }
        }
        errors.addAll(optionErrors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Validated(options.withUrl(null), urls, ScrapeCommand.validate(options.withUrl(urls.getFirst()),
                core.defaultTimeout()));
    }

    /** Batches of every tenant (or one), newest first, for operators. */
    public Mono<AdminBatchView.Page> list(UUID tenantId, JobRepository.Position after, int limit) {
        return batches.list(tenantId, after, limit + 1)
                .concatMap(batch -> batches.progress(batch.id()).map(progress -> new AdminBatchView(batch.tenantId(),
                        view(batch, progress))))
                .collectList()
                .map(rows -> {
                    List<AdminBatchView> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
                    String next = rows.size() > limit ? new JobRepository.Position(shown.getLast().batch().createdAt(),
                            shown.getLast().batch().id()).cursor() : null;
                    return new AdminBatchView.Page(shown, next);
                });
    }

    /** {@link #get}, {@link #cancel}: a null tenant finds any tenant's batch (operators). */
    public Mono<BatchView> get(UUID tenantId, UUID id) {
        return batches.find(tenantId, id).switchIfEmpty(notFound(id))
                .flatMap(batch -> batches.progress(batch.id()).map(progress -> view(batch, progress)));
    }

    public Mono<BatchResults> results(UUID tenantId, UUID id, String cursor, Integer limit) {
        return Mono.defer(() -> {
            int after = cursor == null ? 0 : SeqCursor.decode(cursor);
            int size = limit == null ? DEFAULT_PAGE : limit;
            if (size < 1 || size > MAX_PAGE) {
                throw InvalidInputException.of("limit", "must be between 1 and " + MAX_PAGE);
            }
            return batches.find(tenantId, id).switchIfEmpty(notFound(id))
                    .flatMap(batch -> batches.entries(batch.id(), after, size + 1).collectList())
                    .map(page -> {
                        List<BatchRepository.Entry> shown = page.size() > size ? page.subList(0, size) : page;
                        String next = page.size() > size ? SeqCursor.encode(shown.getLast().position()) : null;
                        return new BatchResults(shown.stream().map(this::result).toList(), next);
                    });
        });
    }

    /** Cancels what has not started; jobs already running finish. */
    public Mono<BatchView> cancel(UUID tenantId, UUID id) {
        return batches.find(tenantId, id).switchIfEmpty(notFound(id))
                .flatMap(batch -> batches.cancel(batch.id()))
                .then(get(tenantId, id));
    }

    private static BatchView view(BatchRepository.Batch batch, BatchRepository.Progress progress) {
        Map<String, Long> by = progress.byStatus();
        long queued = by.getOrDefault("queued", 0L);
        long running = by.getOrDefault("running", 0L);
        long succeeded = by.getOrDefault("succeeded", 0L);
        BatchView.Counts counts = new BatchView.Counts(queued, running, succeeded, by.getOrDefault("failed", 0L),
                by.getOrDefault("blocked", 0L), by.getOrDefault("cancelled", 0L));
        boolean ended = queued + running == 0;
        String status = batch.cancelledAt() != null ? JobStatus.CANCELLED.wire()
                : queued == batch.total() ? JobStatus.QUEUED.wire()
                : !ended ? JobStatus.RUNNING.wire()
                : succeeded > 0 ? JobStatus.SUCCEEDED.wire() : JobStatus.FAILED.wire();
        return new BatchView(batch.id(), status, batch.total(), counts, batch.createdAt(),
                ended ? progress.lastFinished() : null);
    }

    private BatchResult result(BatchRepository.Entry entry) {
        var job = entry.job();
        return new BatchResult(job.id(), entry.url(), job.status().wire(), job.attempts(),
                job.errorJson() == null ? null : json.readValue(job.errorJson(), JobError.class),
                job.resultJson() == null ? null : json.readTree(job.resultJson()));
    }

    private static <T> Mono<T> notFound(UUID id) {
        return Mono.error(() -> new NotFoundException("no batch with id " + id));
    }
}

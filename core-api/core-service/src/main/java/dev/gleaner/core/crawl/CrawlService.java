package dev.gleaner.core.crawl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Service;

import crawlercommons.robots.BaseRobotRules;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.client.crawl.CrawlErrors;
import dev.gleaner.core.client.crawl.CrawlPage;
import dev.gleaner.core.client.crawl.CrawlPages;
import dev.gleaner.core.client.crawl.CrawlRequest;
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.client.crawl.CrawlView;
import dev.gleaner.core.client.job.JobError;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.core.client.scrape.ScrapeRequest;
import dev.gleaner.core.client.scrape.Webhook;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.CrawlProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.error.ConflictException;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.error.NotFoundException;
import dev.gleaner.core.job.JobRepository;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.scrape.ScrapeCommand;
import dev.gleaner.core.site.RobotsRules;
import dev.gleaner.core.usage.Admission;
import dev.gleaner.core.site.Sitemaps;
import dev.gleaner.core.web.BodyErrors;
import dev.gleaner.core.web.SeqCursor;
import dev.gleaner.core.webhook.WebhookRequests;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Crawls as tenants see them. A new crawl reads robots.txt and (unless {@code sitemap: skip}) the
 * sitemaps, and is written with its first pages in one transaction; from then on its pages are jobs,
 * run by any instance's worker, and each fetched page adds its links ({@link CrawlPages}).
 */
@Service
public class CrawlService {

    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    static final int MAX_ERRORS = 1_000;
    private static final int EVENT_BATCH = 500;
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final CrawlRepository crawls;
    private final CrawlLedger ledger;
    private final CrawlFrontier frontier;
    private final CrawlProgress progress;
    private final CrawlMetrics metrics;
    private final RobotsRules robots;
    private final Sitemaps sitemaps;
    private final TargetGuard guard;
    private final AuditLog audit;
    private final JsonMapper json;
    private final CoreProperties core;
    private final JobsProperties jobs;
    private final CrawlProperties properties;
    private final Admission admission;

    public CrawlService(CrawlRepository crawls, CrawlLedger ledger, CrawlFrontier frontier, CrawlProgress progress, CrawlMetrics metrics,
            RobotsRules robots,
            Sitemaps sitemaps, TargetGuard guard, AuditLog audit, JsonMapper json, CoreProperties core,
            JobsProperties jobs, CrawlProperties properties, Admission admission) {
        this.admission = admission;
        this.crawls = crawls;
        this.ledger = ledger;
        this.frontier = frontier;
        this.progress = progress;
        this.metrics = metrics;
        this.robots = robots;
        this.sitemaps = sitemaps;
        this.guard = guard;
        this.audit = audit;
        this.json = json;
        this.core = core;
        this.jobs = jobs;
        this.properties = properties;
    }

    /** A crawl body as validated: the crawl's options and the scrape options of its pages. */
    private record Validated(CrawlCommand crawl, ScrapeRequest pages, Webhook webhook) {
    }

    public Mono<CrawlRepository.Crawl> submit(UUID tenantId, JsonNode body, String requestId) {
        return Mono.fromCallable(() -> validate(body)).flatMap(valid -> {
            CrawlCommand crawl = valid.crawl();
            Mono<Void> allowed = admission.crawl(tenantId, crawl,
                    ScrapeCommand.validate(valid.pages().withUrl(crawl.url().toString()), core.defaultTimeout()));
            return allowed.then(Mono.fromCallable(() -> guard.check(crawl.url())).subscribeOn(Schedulers.boundedElastic()))
                    .flatMap(verdict -> verdict instanceof TargetVerdict.Refused refused
                            ? Mono.error(new TargetRefusedException(refused.reason()))
                            : start(tenantId, valid, requestId));
        });
    }

    private Mono<CrawlRepository.Crawl> start(UUID tenantId, Validated valid, String requestId) {
        CrawlCommand asked = valid.crawl();
        Mono<BaseRobotRules> rules = asked.respectRobots() || asked.sitemap() != CrawlCommand.Sitemap.SKIP
                ? robots.forSite(asked.url()) : Mono.empty();
        return rules.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()).flatMap(found -> {
            CrawlCommand crawl = withCrawlDelay(asked, found.orElse(null));
            Mono<List<String>> listed = crawl.sitemap() == CrawlCommand.Sitemap.SKIP || found.isEmpty()
                    ? Mono.just(List.of()) : sitemaps.of(crawl.url(), found.get()).map(Sitemaps.Listed::urls);
            return listed.flatMap(urls -> {
                Mono<List<Found>> start = crawl.sitemap() == CrawlCommand.Sitemap.ONLY ? Mono.just(List.of())
                        : frontier.classify(crawl, List.of(crawl.url().toString()), 0);
                Mono<List<Found>> fromSitemaps = crawl.maxDepth() == 0 ? Mono.just(List.of())
                        : frontier.classify(crawl, urls, 1);
                return start.zipWith(fromSitemaps, (a, b) -> {
                    List<Found> all = new ArrayList<>(a);
                    all.addAll(b);
                    return all;
                });
            }).flatMap(seeds -> {
                UUID id = UUID.randomUUID();
                boolean keepLinks = asksForLinks(valid.pages());
                String pageRequest = json.writeValueAsString(forPages(valid.pages(), crawl, keepLinks));
                Mono<Void> audited = crawl.respectRobots() ? Mono.empty()
                        : audit.record("tenant:" + tenantId, "crawl.robots-override", id.toString(), "url=" + crawl.url());
                String webhook = valid.webhook() == null ? null : json.writeValueAsString(valid.webhook());
                return ledger.insert(id, tenantId, crawl, json.writeValueAsString(crawl.toRequest()), pageRequest, keepLinks,
                        webhook, seeds, jobs.maxAttempts(), requestId, audited);
            });
        }).flatMap(inserted -> {
            metrics.added(inserted.fresh());
            // the crawl is written: its sweeper moves it on if this does not
            return progress.advance(inserted.crawl().id()).onErrorResume(e -> Mono.empty()).thenReturn(inserted.crawl());
        });
    }

    /** robots.txt's {@code Crawl-delay}, when obeyed, raises the crawl's {@code delayMs} (up to its maximum). */
    private static CrawlCommand withCrawlDelay(CrawlCommand crawl, BaseRobotRules rules) {
        if (!crawl.respectRobots() || rules == null || rules.getCrawlDelay() <= crawl.delayMs()) {
            return crawl;
        }
        return crawl.withDelayMs((int) Math.min(CrawlCommand.MAX_DELAY_MS, rules.getCrawlDelay()));
    }

    private static boolean asksForLinks(ScrapeRequest pages) {
        return pages.formats() != null && pages.formats().stream().anyMatch(f -> "links".equals(f.type()));
    }

    /** The pages' request: the scrape options, with the links format the crawl follows links by. */
    private static ScrapeRequest forPages(ScrapeRequest pages, CrawlCommand crawl, boolean keepLinks) {
        if (keepLinks || !crawl.followsLinks()) {
            return pages;
        }
        List<Format> formats = new ArrayList<>(pages.formats() == null ? List.of(Format.named("html")) : pages.formats());
        formats.add(Format.named("links"));
        // the body's url and webhook are the crawl's: they never reach the pages' options
        return pages.withFormats(formats);
    }

    private Validated validate(JsonNode body) {
        if (!(body instanceof ObjectNode fields)) {
            throw InvalidInputException.of("body", "a JSON object with \"url\" is required");
        }
        ObjectNode own = json.createObjectNode();
        ObjectNode rest = fields.deepCopy();
        for (String name : CrawlRequest.FIELDS) {
            JsonNode value = rest.remove(name);
            if (value != null) {
                own.set(name, value);
            }
        }
        List<FieldError> errors = new ArrayList<>();
        JsonNode hook = rest.remove("webhook");
        CrawlRequest request;
        ScrapeRequest pages;
        Webhook webhook;
        try {
            request = json.treeToValue(own, CrawlRequest.class);
            pages = json.treeToValue(rest, ScrapeRequest.class);
            webhook = hook == null || hook.isNull() ? null : json.treeToValue(hook, Webhook.class);
        } catch (JacksonException e) {
            errors.add(BodyErrors.describe(e));
            throw new InvalidInputException(errors);
        }
        WebhookRequests.check(webhook, WebhookRequests.CRAWL_EVENTS, errors);
        CrawlCommand crawl = CrawlCommand.validate(request, properties.maxPages(), errors);
        CrawlCommand.validatePages(pages, crawl.url() == null ? null : crawl.url().toString(), core.defaultTimeout(),
                errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Validated(crawl, pages, webhook);
    }

    /** Crawls of every tenant (or one), newest first, in one state or any, for operators. */
    public Mono<AdminCrawlView.Page> list(UUID tenantId, String state, JobRepository.Position after, int limit) {
        return crawls.list(tenantId, state, after, limit + 1).collectList().map(rows -> {
            List<CrawlRepository.Crawl> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
            String next = rows.size() > limit
                    ? new JobRepository.Position(shown.getLast().createdAt(), shown.getLast().id()).cursor() : null;
            return new AdminCrawlView.Page(shown.stream()
                    .map(crawl -> new AdminCrawlView(crawl.tenantId(), view(crawl))).toList(), next);
        });
    }

    /** One crawl of any tenant, for operators. */
    public Mono<AdminCrawlView> getAny(UUID id) {
        return found(null, id).map(crawl -> new AdminCrawlView(crawl.tenantId(), view(crawl)));
    }

    /** {@link #get}: a null tenant finds any tenant's crawl (operators). */
    public Mono<CrawlView> get(UUID tenantId, UUID id) {
        return found(tenantId, id).map(CrawlService::view);
    }

    private Mono<CrawlRepository.Crawl> found(UUID tenantId, UUID id) {
        return crawls.find(tenantId, id).switchIfEmpty(Mono.error(() -> new NotFoundException("no crawl with id " + id)));
    }

    static CrawlView view(CrawlRepository.Crawl crawl) {
        CrawlView.Counts counts = crawl.counts();
        boolean started = counts.running() > 0 || counts.done() + counts.failed() + counts.blocked() > 0;
        String status = crawl.finishedAt() != null || crawl.cancelledAt() != null
                ? (crawl.cancelledAt() != null ? "cancelled" : crawl.status())
                : started ? "running" : "queued";
        return new CrawlView(crawl.id(), crawl.url(), status, counts, crawl.createdAt(), crawl.finishedAt());
    }

    public Mono<CrawlPages> pages(UUID tenantId, UUID id, String cursor, Integer limit) {
        return Mono.defer(() -> {
            int after = cursor == null ? 0 : SeqCursor.decode(cursor);
            int size = limit == null ? DEFAULT_PAGE : limit;
            if (size < 1 || size > MAX_PAGE) {
                throw InvalidInputException.of("limit", "must be between 1 and " + MAX_PAGE);
            }
            return found(tenantId, id)
                    .flatMap(crawl -> crawls.pages(crawl.id(), after, size + 1, false, List.of()).collectList())
                    .map(rows -> {
                        List<CrawlRepository.Page> shown = rows.size() > size ? rows.subList(0, size) : rows;
                        String next = rows.size() > size ? SeqCursor.encode(shown.getLast().seq()) : null;
                        return new CrawlPages(shown.stream().map(this::page).toList(), next);
                    });
        });
    }

    private CrawlPage page(CrawlRepository.Page row) {
        return new CrawlPage(row.url(), row.depth(), row.status(), row.jobId(), error(row.errorJson()),
                row.resultJson() == null ? null : json.readTree(row.resultJson()));
    }

    private JobError error(String errorJson) {
        return errorJson == null ? null : json.readValue(errorJson, JobError.class);
    }

    public Mono<CrawlErrors> errors(UUID tenantId, UUID id) {
        return found(tenantId, id).flatMap(crawl -> Mono.zip(
                crawls.pages(crawl.id(), 0, MAX_ERRORS, false, List.of("failed", "blocked")).map(row ->
                        new CrawlErrors.Failed(row.url(), row.depth(), row.status(), error(row.errorJson()))).collectList(),
                crawls.pages(crawl.id(), 0, MAX_ERRORS, true, List.of("robots")).map(CrawlRepository.Page::url).collectList(),
                crawls.pages(crawl.id(), 0, MAX_ERRORS, true, List.of("refused")).map(CrawlRepository.Page::url).collectList())
                .map(all -> new CrawlErrors(all.getT1(), all.getT2(), all.getT3())));
    }

    /** Cancels a crawl that has not ended (again: the same answer); one that ended is a conflict. */
    public Mono<CrawlView> cancel(UUID tenantId, UUID id) {
        return found(tenantId, id).flatMap(crawl -> {
            if (crawl.finishedAt() != null && crawl.cancelledAt() == null) {
                return Mono.error(new ConflictException("crawl " + id + " already ended " + crawl.status()
                        + "; only a crawl that runs can be cancelled"));
            }
            return ledger.cancel(crawl.id()).then(progress.advance(crawl.id())).then(get(tenantId, id));
        });
    }

    /**
     * The crawl's events after {@code afterSeq}: first what was written already, then what comes, until
     * {@code finished}; a comment every {@link #HEARTBEAT} keeps idle connections open.
     */
    public Flux<ServerSentEvent<String>> events(UUID tenantId, UUID id, long afterSeq) {
        return found(tenantId, id).flatMapMany(crawl -> {
            AtomicLong last = new AtomicLong(afterSeq);
            AtomicBoolean finished = new AtomicBoolean();
            Flux<ServerSentEvent<String>> stored = Flux.defer(() -> crawls.events(id, last.get(), EVENT_BATCH))
                    .doOnNext(event -> {
                        last.set(event.seq());
                        if (event.type().equals("finished")) {
                            finished.set(true);
                        }
                    })
                    .map(event -> ServerSentEvent.builder(event.dataJson()).id(Long.toString(event.seq()))
                            .event(event.type()).build())
                    .repeatWhen(rounds -> rounds.takeWhile(n -> !finished.get()).delayElements(properties.eventPoll()));
            return stored.publish(events -> Flux.merge(events, Flux.interval(HEARTBEAT)
                    .map(tick -> ServerSentEvent.<String>builder().comment("keep-alive").build())
                    .takeUntilOther(events.then(Mono.just(true)))));
        });
    }
}

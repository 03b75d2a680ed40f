package dev.gleaner.core.scrape;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.gleaner.core.extract.ModelExtraction;
import dev.gleaner.core.artifact.Artifacts;
import dev.gleaner.core.config.ContentProperties;
import dev.gleaner.core.client.scrape.ArtifactRef;
import dev.gleaner.core.client.scrape.Format;
import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.content.ContentFormats;
import dev.gleaner.core.error.ActionFailedException;
import dev.gleaner.core.error.CapacityException;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.CircuitOpenException;
import dev.gleaner.core.error.DomainPausedException;
import dev.gleaner.core.error.DomainThrottledException;
import dev.gleaner.core.error.QuotaExceededException;
import dev.gleaner.core.error.TenantSuspendedException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.policy.BlockDetector;
import dev.gleaner.core.policy.DomainGate;
import dev.gleaner.core.fetch.HttpFetcher;
import dev.gleaner.core.fetch.JavaScriptNeed;
import dev.gleaner.core.plan.PlanCatalog;
import dev.gleaner.core.tenant.Tenant;
import dev.gleaner.core.tenant.TenantService;
import dev.gleaner.core.usage.Admission;
import dev.gleaner.core.usage.UsageMeter;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import dev.gleaner.farm.client.render.Artifact;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * A synchronous scrape: guard the target, fetch it — over HTTP ({@link HttpFetcher}), or in the
 * browser on the farm ({@link LeasedRender}: lease, render, retry on another node, release), or over
 * HTTP first and in the browser when the page turns out to need JavaScript ({@link JavaScriptNeed}) —
 * make the formats asked for, and record the scrape, whatever its outcome.
 */
@Service
public class ScrapeService {

    private static final Logger log = LoggerFactory.getLogger(ScrapeService.class);
    /** The artifact name of a {@code rawHtml} stored rather than answered inline. */
    static final String RAW_HTML = "rawHtml";
    /** The outcome a scrape is recorded with when its page was fetched but the model's extraction failed. */
    static final String EXTRACTION_FAILED = "EXTRACTION_FAILED";

    private final TargetGuard guard;
    private final LeasedRender farm;
    private final TenantService tenants;
    private final ScrapeLog scrapeLog;
    private final Artifacts artifacts;
    private final ContentFormats content;
    private final MeterRegistry meters;
    private final Timer duration;
    private final HttpFetcher http;
    private final ScrapeCache cache;
    private final long rawHtmlInline;
    private final JsonMapper json;
    private final DomainGate gate;
    private final Admission admission;
    private final UsageMeter usage;
    private final PlanCatalog plans;
    private final ModelExtraction extraction;

    /** The page as fetched, how, (after an HTTP fetch) why the browser was needed after all, and whether it is a block. */
    record Fetched(LeasedRender.Rendered rendered, RenderMode via, String escalation,
            Optional<BlockDetector.Detection> detection) {
    }

    /** A page through the domain gate, and whether it turned out to be a block or CAPTCHA page. */
    private record Checked(LeasedRender.Rendered rendered, Optional<BlockDetector.Detection> detection) {
    }

    public ScrapeService(TargetGuard guard, LeasedRender farm, HttpFetcher http, ScrapeCache cache, JsonMapper json,
            TenantService tenants, ScrapeLog scrapeLog, Artifacts artifacts, ContentFormats content, MeterRegistry meters,
            ContentProperties contentProperties, DomainGate gate, Admission admission,
            UsageMeter usage, PlanCatalog plans, ModelExtraction extraction) {
        this.extraction = extraction;
        this.admission = admission;
        this.usage = usage;
        this.plans = plans;
        this.gate = gate;
        this.http = http;
        this.rawHtmlInline = contentProperties.rawHtmlInline().toBytes();
        this.cache = cache;
        this.json = json;
        this.artifacts = artifacts;
        this.content = content;
        this.guard = guard;
        this.farm = farm;
        this.tenants = tenants;
        this.scrapeLog = scrapeLog;
        this.meters = meters;
        this.duration = Timer.builder("gleaner.scrape.duration").description("Synchronous scrapes, end to end")
                .register(meters);
    }

    public Mono<ScrapeResponse> scrape(UUID tenantId, ScrapeCommand command, String requestId) {
        if (command.maxAge() == null || command.maxAge().isZero()) {
            return fresh(tenantId, command, requestId);
        }
        long start = System.nanoTime();
        return cache.find(tenantId, command.cacheKey(), command.maxAge())
                .map(stored -> json.readValue(stored.resultJson(), ScrapeResponse.class).fromCache(stored.createdAt()))
                .flatMap(hit -> {
                    cacheCounter("hit").increment();
                    return record(hit.id(), tenantId, command, requestId, start, "CACHED", null, null).thenReturn(hit);
                })
                .switchIfEmpty(Mono.defer(() -> {
                    cacheCounter("miss").increment();
                    return fresh(tenantId, command, requestId);
                }));
    }

    private Counter cacheCounter(String result) {
        return Counter.builder("gleaner.scrape.cache").tag("result", result)
                .description("Scrapes with maxAge, by whether a stored answer was reused").register(meters);
    }

    /** Fetches the page; with {@code maxAge}, stores the answer for the next request like it. */
    private Mono<ScrapeResponse> fresh(UUID tenantId, ScrapeCommand command, String requestId) {
        Mono<ScrapeResponse> scraped = scrapeNow(tenantId, command, requestId);
        // a failed extraction is not kept: the next request like it asks the model again
        return command.maxAge() == null ? scraped : scraped.flatMap(response -> response.extractionFailed()
                ? Mono.just(response) : cache.store(tenantId, command.cacheKey(),
                        json.writeValueAsString(response))
                .onErrorResume(e -> {
                    log.warn("could not store scrape {} for maxAge: {}", response.id(), e.toString());
                    return Mono.empty();
                })
                .thenReturn(response));
    }

    private Mono<ScrapeResponse> scrapeNow(UUID tenantId, ScrapeCommand command, String requestId) {
        long start = System.nanoTime();
        UUID id = UUID.randomUUID();
        return checkTarget(command)
                .then(Mono.defer(() -> fetch(tenantId, command, requestId, start)))
                .flatMap(fetched -> metered(tenantId, fetched))
                .flatMap(fetched -> storeArtifacts(tenantId, id, command, fetched.rendered().result())
                        .zipWith(content.make(fetched.rendered().result().html(), fetched.rendered().result().finalUrl(),
                                command))
                        .flatMap(made -> extracted(tenantId, command,
                                ScrapeAnswers.of(id, command, fetched, made.getT1(), made.getT2(), start),
                                made.getT2().forModel()))
                        .flatMap(answer -> record(id, tenantId, command, requestId, start,
                                answer.extractionFailed() ? EXTRACTION_FAILED
                                        : fetched.detection().map(d -> d.kind().name())
                                                .orElse(fetched.rendered().result().outcome().name()),
                                fetched.rendered().result(),
                                answer.extractionFailed() ? answer.extractionError().detail() : null)
                                .thenReturn(answer)))
                .onErrorResume(GleanerException.class, e -> record(id, tenantId, command, requestId, start, outcomeOf(e),
                        null, e.getMessage()).then(Mono.error(e)));
    }

    /**
     * The answer with what the language model extracted from the page's main content, when the request asks for
     * it (and the page is its content, not a block page); its tokens count toward the tenant's.
     */
    private Mono<ScrapeResponse> extracted(UUID tenantId, ScrapeCommand command, ScrapeResponse answer, String page) {
        if (command.model() == null || answer.isBlocked()) {
            return Mono.just(answer);
        }
        // the tenant's plan may name its own model (on the configured endpoint) and its input limit
        return admission.planOf(tenantId)
                .flatMap(plan -> extraction.extract(command.model(), page == null ? "" : page, answer.finalUrl(),
                        plan.allowances().llmModel(), plan.allowances().llmMaxInputTokens()))
                .flatMap(done -> usage.llmTokens(tenantId, done.usage().inputTokens(), done.usage().outputTokens())
                        .thenReturn(answer.extracted(done.value(), done.error(), done.usage())));
    }

    private Mono<Fetched> fetch(UUID tenant, ScrapeCommand command, String requestId, long start) {
        if (command.browserFirst()) {
            return inBrowser(tenant, command, requestId, start, null);
        }
        return http.fetch(command, remaining(command, start), tenant)
                .map(result -> checked(new LeasedRender.Rendered(result, 0)))
                .flatMap(checked -> {
                    RenderResult result = checked.rendered().result();
                    Fetched overHttp = new Fetched(checked.rendered(), RenderMode.HTTP, null, checked.detection());
                    if (command.render() == RenderMode.HTTP) {
                        return Mono.just(counted(overHttp));
                    }
                    return content.run(() -> JavaScriptNeed.of(result.html(), result.headers().get("content-type"),
                                    command.options().waitForSelector()))
                            .flatMap(need -> need.isEmpty() ? Mono.just(counted(overHttp))
                                    // the plan may not allow the browser (or its browser seconds are used up)
                                    : admission.browserAllowed(tenant).flatMap(allowed -> allowed
                                            ? inBrowser(tenant, command, requestId, start, need.get())
                                            : Mono.just(counted(overHttp))));
                });
    }

    /** The browser needs the tenant's record (its concurrency cap); a fetch over HTTP does not. */
    private Mono<Fetched> inBrowser(UUID tenantId, ScrapeCommand command, String requestId, long start,
            String escalation) {
        if (escalation != null) {
            Counter.builder("gleaner.scrape.escalations").tag("reason", escalation)
                    .description("Scrapes fetched over HTTP that went on to the browser, by why").register(meters)
                    .increment();
        }
        Mono<Tenant> capped = tenants.get(tenantId).flatMap(tenant -> plans.of(tenant.planId())
                .map(plan -> tenant.capped(plan.allowances().concurrentBrowsers())));
        return gated(tenantId, command, start, capped.flatMap(tenant -> farm.render(tenant, command, requestId, start)))
                .map(checked -> counted(new Fetched(checked.rendered(), RenderMode.BROWSER, escalation,
                        checked.detection())));
    }

    /**
     * The browser's fetch of the page through the domain gate (its wait counts toward the request's budget), and
     * whether it is a block or CAPTCHA page. (A fetch over HTTP passes the gate hop by hop in {@link HttpFetcher}.)
     */
    private Mono<Checked> gated(UUID tenantId, ScrapeCommand command, long start, Mono<LeasedRender.Rendered> fetch) {
        return gate.through(tenantId, command.url(), start + command.timeout().toNanos(), fetch.map(this::checked),
                        checked -> checked.rendered().result().redirects().isEmpty() ? outcome(checked)
                                : new DomainGate.Outcome(DomainGate.Kind.OK, null)) // it answered with a redirect
                .flatMap(checked -> gate.chargeRedirects(checked.rendered().result(), outcome(checked)).thenReturn(checked));
    }

    private static DomainGate.Outcome outcome(Checked checked) {
        RenderResult r = checked.rendered().result();
        return DomainGate.Outcome.of(r.statusCode(), r.headers(), checked.detection());
    }

    private Checked checked(LeasedRender.Rendered rendered) {
        RenderResult r = rendered.result();
        return new Checked(rendered, BlockDetector.detect(r.statusCode(), r.headers(), r.html()));
    }

    /** What is left of the request's budget (at least a millisecond). */
    private static Duration remaining(ScrapeCommand command, long start) {
        long left = command.timeout().toNanos() - (System.nanoTime() - start);
        return Duration.ofNanos(Math.max(1_000_000L, left));
    }

    /** A page fetched counts toward the tenant's pages (a block or CAPTCHA page does not); browser time toward its seconds. */
    private Mono<Fetched> metered(UUID tenantId, Fetched fetched) {
        Mono<Void> page = fetched.detection().isPresent() ? Mono.empty() : usage.page(tenantId);
        Mono<Void> browser = fetched.via() == RenderMode.BROWSER
                ? usage.browser(tenantId, fetched.rendered().result().renderMs()) : Mono.empty();
        return page.then(browser).thenReturn(fetched);
    }

    private Fetched counted(Fetched fetched) {
        Counter.builder("gleaner.scrape.fetches").tag("via", fetched.via().wire())
                .description("Pages fetched, by how").register(meters).increment();
        return fetched;
    }

    private Mono<Void> checkTarget(ScrapeCommand command) {
        return Mono.fromCallable(() -> guard.check(command.url()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(verdict -> verdict instanceof TargetVerdict.Refused refused
                        ? Mono.error(new TargetRefusedException(refused.reason()))
                        : Mono.empty());
    }

    /** The outcome a failed scrape is recorded with, e.g. {@code TIMEOUT} or {@code REDIS_UNAVAILABLE}. */
    public static String outcomeOf(GleanerException e) {
        return switch (e) {
            case RenderFailedException r -> r.outcome().name();
            case TargetRefusedException t -> RenderOutcome.TARGET_REFUSED.name();
            case DomainPausedException p -> "DOMAIN_PAUSED";
            case DomainThrottledException t -> "DOMAIN_THROTTLED";
            case CircuitOpenException c -> "DOMAIN_CIRCUIT_OPEN";
            case QuotaExceededException q -> "QUOTA_EXCEEDED";
            case TenantSuspendedException t -> "TENANT_SUSPENDED";
            case ActionFailedException a -> RenderOutcome.ACTION_FAILED.name();
            case CapacityException c -> c.kind().name();
            case DependencyUnavailableException d -> d.dependency().toUpperCase(Locale.ROOT) + "_UNAVAILABLE";
            default -> e.getClass().getSimpleName();
        };
    }

    private Mono<Void> record(UUID id, UUID tenantId, ScrapeCommand command, String requestId, long start,
            String outcome, RenderResult result, String detail) {
        long elapsed = (System.nanoTime() - start) / 1_000_000L;
        log.info("scrape {} of {} for tenant {} ended {} in {} ms", id, command.url(), tenantId, outcome, elapsed);
        duration.record(Duration.ofMillis(elapsed));
        Counter.builder("gleaner.scrapes").tag("outcome", outcome).description("Scrapes by outcome")
                .register(meters).increment();
        return scrapeLog.record(new ScrapeLog.Entry(id, tenantId, command.url().toString(),
                        result == null ? null : result.finalUrl(), result == null ? null : result.statusCode(),
                        outcome, detail, elapsed, requestId))
                .onErrorResume(e -> {
                    log.error("could not record scrape {}", id, e);
                    return Mono.empty();
                });
    }

    /** Each screenshot and PDF into the artifact store, by the name the render gave it. */
    private Mono<Map<String, ArtifactRef>> storeArtifacts(UUID tenantId, UUID scrapeId, ScrapeCommand command,
            RenderResult result) {
        return Flux.fromIterable(result.artifacts()).concatWith(Flux.fromIterable(largeRawHtml(command, result)))
                .concatMap(artifact -> artifacts.save(tenantId, scrapeId, artifact, inline(command, artifact.name()))
                        .map(ref -> Map.entry(artifact.name(), ref)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** {@code rawHtml} too large to answer inline goes to the artifact store instead. */
    private List<Artifact> largeRawHtml(ScrapeCommand command, RenderResult result) {
        if (result.html() == null || command.options().format("rawHtml").isEmpty()) {
            return List.of();
        }
        byte[] bytes = result.html().getBytes(StandardCharsets.UTF_8);
        return bytes.length <= rawHtmlInline ? List.of() : List.of(new Artifact(RAW_HTML, "text/html; charset=utf-8", bytes));
    }

    private static boolean inline(ScrapeCommand command, String artifact) {
        return command.options().format(artifact).map(Format::inlined).orElse(false);
    }
}

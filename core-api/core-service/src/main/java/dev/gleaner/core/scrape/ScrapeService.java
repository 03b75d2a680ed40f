package dev.gleaner.core.scrape;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.gleaner.core.client.scrape.ScrapeResponse;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.error.CapacityException;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.tenant.Tenant;
import dev.gleaner.core.tenant.TenantService;
import dev.gleaner.farm.client.guard.TargetGuard;
import dev.gleaner.farm.client.guard.TargetVerdict;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.render.FarmClient;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A synchronous scrape: guard the target, lease a browser slot within the tenant's cap (waiting
 * up to the configured lease wait for one to come free), render on the leased node (renewing the
 * lease while it runs), release the slot, and record the scrape, whatever its outcome.
 */
@Service
public class ScrapeService {

    private static final Logger log = LoggerFactory.getLogger(ScrapeService.class);
    private static final Duration COORDINATION_RETRY_AFTER = Duration.ofSeconds(5);

    private final TargetGuard guard;
    private final LeaseBroker leases;
    private final FarmClient farm;
    private final TenantService tenants;
    private final ScrapeLog scrapeLog;
    private final CoreProperties properties;
    private final MeterRegistry meters;
    private final Timer duration;
    private final AtomicInteger waiting = new AtomicInteger();

    public ScrapeService(TargetGuard guard, LeaseBroker leases, FarmClient farm, TenantService tenants,
            ScrapeLog scrapeLog, CoreProperties properties, MeterRegistry meters) {
        this.guard = guard;
        this.leases = leases;
        this.farm = farm;
        this.tenants = tenants;
        this.scrapeLog = scrapeLog;
        this.properties = properties;
        this.meters = meters;
        this.duration = Timer.builder("gleaner.scrape.duration").description("Synchronous scrapes, end to end")
                .register(meters);
        Gauge.builder("gleaner.scrape.waiting", waiting, AtomicInteger::get)
                .description("Scrapes waiting for a free browser slot").register(meters);
    }

    public Mono<ScrapeResponse> scrape(UUID tenantId, ScrapeCommand command, String requestId) {
        long start = System.nanoTime();
        UUID id = UUID.randomUUID();
        return checkTarget(command)
                .then(tenants.get(tenantId))
                .flatMap(tenant -> renderOnLeasedNode(tenant, command, requestId, start))
                .flatMap(timed -> record(id, tenantId, command, requestId, start, timed.result().outcome().name(),
                        timed.result(), null)
                        .thenReturn(toResponse(id, timed, start)))
                .onErrorResume(GleanerException.class, e -> record(id, tenantId, command, requestId, start, outcomeOf(e),
                        null, e.getMessage()).then(Mono.error(e)));
    }

    private Mono<Void> checkTarget(ScrapeCommand command) {
        return Mono.fromCallable(() -> guard.check(command.url()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(verdict -> verdict instanceof TargetVerdict.Refused refused
                        ? Mono.error(new TargetRefusedException(refused.reason()))
                        : Mono.empty());
    }

    private record Timed(RenderResult result, long leaseMs) {
    }

    private Mono<Timed> renderOnLeasedNode(Tenant tenant, ScrapeCommand command, String requestId, long start) {
        Duration ttl = properties.leaseTtl();
        return Mono.usingWhen(
                acquireWithinWait(tenant, ttl),
                lease -> {
                    long leaseMs = (System.nanoTime() - start) / 1_000_000L;
                    RenderRequest render = new RenderRequest(lease.leaseId(), lease.fencingToken(),
                            command.url().toString(), command.waitForSelector(), command.waitForMs(),
                            (int) command.timeout().toMillis(), requestId);
                    return withRenewal(lease, ttl, farm.render(lease.nodeUrl(), render))
                            .onErrorMap(e -> !(e instanceof GleanerException),
                                    e -> new RenderFailedException(RenderOutcome.NODE_BUSY,
                                            "the browser node " + lease.nodeId() + " did not answer: " + e.getMessage()))
                            .flatMap(result -> result.outcome() == RenderOutcome.OK
                                    ? Mono.just(new Timed(result, leaseMs))
                                    : Mono.error(failure(result)));
                },
                lease -> leases.release(lease).onErrorResume(e -> {
                    log.warn("releasing lease {} failed; it expires on its own: {}", lease.leaseId(), e.toString());
                    return Mono.empty();
                }));
    }

    /**
     * Asks for a slot until one is granted or the lease wait is over, backing off from 50 ms to
     * 500 ms with jitter; then the last refusal (tenant at its cap, or farm full) stands.
     */
    private Mono<Lease> acquireWithinWait(Tenant tenant, Duration ttl) {
        return Mono.defer(() -> {
            long deadline = System.nanoTime() + properties.leaseWait().toNanos();
            AtomicBoolean counted = new AtomicBoolean();
            return Mono.defer(() -> leases.acquire(tenant.id().toString(), tenant.concurrencyCap(), ttl))
                    // the broker's store (Redis) failing or timing out: fail fast, the scrape can be retried
                    .onErrorMap(e -> !(e instanceof GleanerException), e -> {
                        log.warn("lease broker failed: {}", e.toString());
                        return new DependencyUnavailableException("redis",
                                "browser leases cannot be granted right now (coordination store unavailable); retry shortly",
                                COORDINATION_RETRY_AFTER);
                    })
                    .map(decision -> granted(decision, tenant))
                    .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500))
                            .jitter(0.5)
                            .filter(e -> e instanceof CapacityException && System.nanoTime() < deadline)
                            .doBeforeRetry(signal -> {
                                if (counted.compareAndSet(false, true)) {
                                    waiting.incrementAndGet();
                                }
                            }))
                    .doFinally(signal -> {
                        if (counted.get()) {
                            waiting.decrementAndGet();
                        }
                    });
        });
    }

    private static Lease granted(LeaseDecision decision, Tenant tenant) {
        return switch (decision) {
            case LeaseDecision.Granted g -> g.lease();
            case LeaseDecision.TenantAtCapacity c -> throw new CapacityException(CapacityException.Kind.TENANT_AT_CAP,
                    "tenant '" + tenant.name() + "' already runs " + c.cap() + " renders, its concurrency cap");
            case LeaseDecision.NoCapacity n -> throw new CapacityException(CapacityException.Kind.FARM_FULL,
                    "every browser of the farm is busy, or no farm node is up");
        };
    }

    private <T> Mono<T> withRenewal(Lease lease, Duration ttl, Mono<T> work) {
        return Mono.defer(() -> {
            Duration every = ttl.dividedBy(3);
            // each renewal bounded by the period and ticks dropped while one runs: a slow Redis cannot end the loop
            Disposable renewal = Flux.interval(every)
                    .onBackpressureDrop()
                    .concatMap(tick -> leases.renew(lease, ttl).timeout(every).onErrorReturn(false), 1)
                    .subscribe(renewed -> {
                        if (!renewed) {
                            log.warn("lease {} could not be renewed", lease.leaseId());
                        }
                    });
            return work.doFinally(signal -> renewal.dispose());
        });
    }

    private static GleanerException failure(RenderResult result) {
        return result.outcome() == RenderOutcome.TARGET_REFUSED
                ? new TargetRefusedException(result.detail())
                : new RenderFailedException(result.outcome(), result.detail());
    }

    private static String outcomeOf(GleanerException e) {
        return switch (e) {
            case RenderFailedException r -> r.outcome().name();
            case TargetRefusedException t -> RenderOutcome.TARGET_REFUSED.name();
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

    private static ScrapeResponse toResponse(UUID id, Timed timed, long start) {
        RenderResult r = timed.result();
        return new ScrapeResponse(id, r.url(), r.finalUrl(), r.statusCode(), r.html(),
                new ScrapeResponse.Metadata(r.title()),
                new ScrapeResponse.Timings((System.nanoTime() - start) / 1_000_000L, timed.leaseMs(), r.navigationMs(),
                        r.renderMs()));
    }
}

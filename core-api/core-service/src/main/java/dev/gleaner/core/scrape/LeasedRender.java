package dev.gleaner.core.scrape;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.error.ActionFailedException;
import dev.gleaner.core.error.CapacityException;
import dev.gleaner.core.error.DependencyUnavailableException;
import dev.gleaner.core.error.GleanerException;
import dev.gleaner.core.error.RenderFailedException;
import dev.gleaner.core.error.TargetRefusedException;
import dev.gleaner.core.policy.DomainPauses;
import dev.gleaner.core.tenant.Tenant;
import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.lease.Waiter;
import dev.gleaner.farm.client.render.FarmClient;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One render on the farm, the way every caller needs it: lease a slot within the tenant's cap
 * (waiting up to the lease wait for one), render on the leased node while renewing the lease,
 * release the slot whatever happens. When the node cannot be reached or fails (a transport error,
 * the node dying mid-render, a 5xx), the node is marked suspect, so it stops attracting leases,
 * and the render is tried again on another node while the request's time budget lasts. A render
 * that runs out of time is a timeout (504), never "node busy". Problems name no node.
 */
@Component
public class LeasedRender {

    /** A finished render and how long getting its (last) lease took since the scrape began. */
    public record Rendered(RenderResult result, long leaseMs) {
    }

    private static final Logger log = LoggerFactory.getLogger(LeasedRender.class);
    private static final Duration COORDINATION_RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration SUSPECT_FOR = Duration.ofSeconds(10);
    private static final int MAX_ATTEMPTS = 3;
    private static final long MIN_ATTEMPT_MS = 1_000;
    /** How often a waiting scrape asks again without a hint; well inside the broker's waiter TTL. */
    private static final Duration POLL = Duration.ofMillis(500);
    /** Every tenant's share of the farm while plans (and their weights) do not exist yet. */
    private static final int WEIGHT = 1;

    /** The node could not render: worth another node. */
    private static final class NodeFailed extends RuntimeException {
        NodeFailed() {
            super(null, null, false, false);
        }
    }

    private final LeaseBroker leases;
    private final DomainPauses pauses;
    private final FarmClient farm;
    private final CoreProperties properties;
    private final AtomicInteger waiting = new AtomicInteger();
    private final MeterRegistry meters;

    public LeasedRender(LeaseBroker leases, FarmClient farm, CoreProperties properties, MeterRegistry meters,
            DomainPauses pauses) {
        this.pauses = pauses;
        this.leases = leases;
        this.farm = farm;
        this.properties = properties;
        this.meters = meters;
        Gauge.builder("gleaner.scrape.waiting", waiting, AtomicInteger::get)
                .description("Scrapes waiting for a free browser slot").register(meters);
    }

    /**
     * @param start when the scrape began ({@link System#nanoTime()}), for {@link Rendered#leaseMs()}
     * @return the render when it ended OK; its typed failure otherwise
     */
    public Mono<Rendered> render(Tenant tenant, ScrapeCommand command, String requestId, long start) {
        return Mono.defer(() -> {
            // the request's budget covers everything: waiting for a slot, the render, retries
            AtomicLong deadline = new AtomicLong(start + command.timeout().toNanos());
            AtomicInteger attempts = new AtomicInteger();
            return Mono.defer(() -> attempt(tenant, command, requestId, start, deadline, attempts.incrementAndGet()))
                    .retryWhen(Retry.max(MAX_ATTEMPTS - 1)
                            .filter(e -> e instanceof NodeFailed && remainingMs(deadline.get()) >= MIN_ATTEMPT_MS)
                            .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                    .onErrorMap(NodeFailed.class, e -> unreachable(attempts.get()));
        });
    }

    private static RenderFailedException unreachable(int attempts) {
        return new RenderFailedException(RenderOutcome.NODE_UNREACHABLE, "no browser node could render the page ("
                + attempts + " attempt" + (attempts == 1 ? "" : "s") + "); retry shortly");
    }

    private Mono<Rendered> attempt(Tenant tenant, ScrapeCommand command, String requestId, long start,
            AtomicLong deadline, int attempt) {
        Duration ttl = properties.leaseTtl();
        long waitUntil = Math.min(System.nanoTime() + properties.leaseWait().toNanos(),
                deadline.get() - MIN_ATTEMPT_MS * 1_000_000L);
        Mono<Lease> leased = acquireWithinWait(tenant, ttl, waitUntil)
                // no other node to retry on: the failure that sent us here is the answer, not "farm full"
                .onErrorMap(e -> attempt > 1 && e instanceof CapacityException c && c.kind() == CapacityException.Kind.FARM_FULL,
                        e -> unreachable(attempt - 1));
        return Mono.usingWhen(
                leased,
                lease -> {
                    long leaseMs = (System.nanoTime() - start) / 1_000_000L;
                    // the render gets what is left of the request's budget
                    int budget = (int) Math.max(1, Math.min(command.timeout().toMillis(), remainingMs(deadline.get())));
                    // the node's egress proxy refuses the domains paused for this tenant: redirect hops, sub-resources
                    RenderRequest render = new RenderRequest(lease.leaseId(), lease.fencingToken(),
                            command.url().toString(), budget, requestId, command.options(), pauses.pausedFor(tenant.id()));
                    return withRenewal(lease, ttl, farm.render(lease.nodeUrl(), render))
                            .onErrorResume(e -> !(e instanceof GleanerException), e -> nodeFailure(lease, e, budget, attempt))
                            .flatMap(result -> switch (result.outcome()) {
                                case OK -> Mono.just(new Rendered(result, leaseMs));
                                // the node lives and replaces its browser: worth another attempt, no suspicion
                                case BROWSER_CRASHED -> Mono.error(new NodeFailed());
                                default -> Mono.error(failure(result, tenant));
                            });
                },
                lease -> leases.release(lease).onErrorResume(e -> {
                    log.warn("releasing lease {} failed; it expires on its own: {}", lease.leaseId(), e.toString());
                    return Mono.empty();
                }));
    }

    private Mono<RenderResult> nodeFailure(Lease lease, Throwable e, int budgetMs, int attempt) {
        if (e instanceof TimeoutException) {
            return Mono.error(new RenderFailedException(RenderOutcome.TIMEOUT,
                    "the page was not rendered within " + budgetMs + " ms"));
        }
        log.warn("render attempt {} on node {} ({}) failed; marking it suspect for {}: {}", attempt, lease.nodeId(),
                lease.nodeUrl(), SUSPECT_FOR, e.toString());
        return leases.markSuspect(lease.nodeId(), SUSPECT_FOR)
                .onErrorResume(markFailed -> Mono.empty())
                .then(Mono.error(new NodeFailed()));
    }

    /**
     * Waits in the broker's fair queue for a slot, until one is granted or {@code waitUntil}: asks, then
     * asks again as soon as the broker announces a slot for this waiter, or after {@link #POLL} at the
     * latest (which also keeps its place). When time runs out it leaves the queue, and the last answer
     * (tenant at its cap, or farm full) stands. A caller that goes away leaves the queue too.
     */
    private Mono<Lease> acquireWithinWait(Tenant tenant, Duration ttl, long waitUntil) {
        return Mono.defer(() -> {
            Waiter waiter = new Waiter(UUID.randomUUID().toString(), tenant.id().toString(), tenant.concurrencyCap(),
                    WEIGHT);
            long asked = System.nanoTime();
            AtomicReference<LeaseDecision.Waiting> last = new AtomicReference<>();
            AtomicBoolean counted = new AtomicBoolean();
            return leases.awaitSlot(waiter, ttl, waitUntil, POLL, w -> {
                        last.set(w);
                        if (counted.compareAndSet(false, true)) {
                            waiting.incrementAndGet();
                        }
                    })
                    // the broker's store (Redis) failing or timing out: fail fast, the scrape can be retried
                    .onErrorMap(e -> !(e instanceof GleanerException), e -> {
                        log.warn("lease broker failed: {}", e.toString());
                        return new DependencyUnavailableException("redis",
                                "browser leases cannot be granted right now (coordination store unavailable); retry shortly",
                                COORDINATION_RETRY_AFTER);
                    })
                    .switchIfEmpty(Mono.defer(() -> leave(waiter).then(Mono.error(refusal(last.get(), tenant)))))
                    .doOnNext(lease -> Timer.builder("gleaner.farm.lease.wait").tag("tenant", tenant.id().toString())
                            .description("Time scrapes waited for a browser slot, by tenant").register(meters)
                            .record(Duration.ofNanos(System.nanoTime() - asked)))
                    .doOnCancel(() -> leave(waiter).subscribe())
                    .doFinally(signal -> {
                        if (counted.get()) {
                            waiting.decrementAndGet();
                        }
                    });
        });
    }

    private Mono<Void> leave(Waiter waiter) {
        return leases.leave(waiter.id()).timeout(COORDINATION_RETRY_AFTER).onErrorResume(e -> {
            log.warn("leaving the slot queue failed; the place expires on its own: {}", e.toString());
            return Mono.empty();
        });
    }

    private static CapacityException refusal(LeaseDecision.Waiting last, Tenant tenant) {
        return last != null && last.atCap()
                ? new CapacityException(CapacityException.Kind.TENANT_AT_CAP,
                        "tenant '" + tenant.name() + "' already runs " + tenant.concurrencyCap()
                                + " renders, its concurrency cap, and no slot came free in time")
                : new CapacityException(CapacityException.Kind.FARM_FULL,
                        "every browser of the farm stayed busy (or no farm node is up) for as long as the request could wait");
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

    /**
     * The node's typed failure; details about the page pass through, details about the node do not. A document (or
     * redirect hop) the proxy refused for its paused domain is that pause's refusal.
     */
    private GleanerException failure(RenderResult result, Tenant tenant) {
        return switch (result.outcome()) {
            case TARGET_REFUSED -> result.detail() != null && result.detail().startsWith(RenderRequest.PAUSED)
                    ? pauses.refusal(tenant.id(), result.detail().substring(RenderRequest.PAUSED.length()))
                    : new TargetRefusedException(result.detail());
            case ACTION_FAILED -> new ActionFailedException(result.failedAction() == null ? -1 : result.failedAction(),
                    result.detail(), result.actions());
            case TIMEOUT, NAVIGATION_FAILED, INVALID_REQUEST -> new RenderFailedException(result.outcome(), result.detail());
            default -> new RenderFailedException(result.outcome(),
                    "the browser node could not take the render (" + result.outcome() + "); retry shortly");
        };
    }

    private static long remainingMs(long deadlineNanos) {
        return deadlineNanos == 0 ? Long.MAX_VALUE : (deadlineNanos - System.nanoTime()) / 1_000_000L;
    }
}

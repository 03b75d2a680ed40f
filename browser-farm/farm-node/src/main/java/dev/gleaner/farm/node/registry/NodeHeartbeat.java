package dev.gleaner.farm.node.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.node.NodeStatusBoard;
import dev.gleaner.farm.node.config.FarmNodeProperties;
import dev.gleaner.farm.node.pool.BrowserPool;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps this node registered while it runs: a heartbeat every interval, and a deregistration
 * on graceful shutdown so no new lease lands here.
 *
 * <p>Failure policy (Redis down): each heartbeat is bounded by the interval, a failed or slow one
 * is logged and the next tick tries again, ticks that find the previous one still running are
 * dropped, so an outage of any length ends with the node registered again within one interval of
 * Redis returning. While no heartbeat has succeeded for a TTL the registration has lapsed, and the
 * node's health (part of readiness) is DOWN. Each heartbeat reports the browsers that really work, and posts the
 * node's status (browsers, memory, renders in flight, whether it is drained) to the {@link NodeStatusBoard}.
 */
@Component("heartbeat")
public class NodeHeartbeat implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    private static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(2);

    private final NodeRegistry registry;
    private final NodeStatusBoard board;
    private final Instant startedAt = Instant.now();
    private final NodeInfo self;
    private final BrowserPool pool;
    private final FarmNodeProperties properties;
    private final AtomicLong lastSuccess = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private volatile String lastFailure = "no heartbeat yet";
    private volatile Disposable ticking;

    public NodeHeartbeat(NodeRegistry registry, NodeStatusBoard board, NodeInfo self, BrowserPool pool,
            FarmNodeProperties properties) {
        this.registry = registry;
        this.board = board;
        this.self = self;
        this.pool = pool;
        this.properties = properties;
    }

    @Override
    public void start() {
        Duration interval = properties.heartbeatInterval();
        ticking = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> beat().timeout(interval)
                        .doOnSuccess(done -> succeeded())
                        .onErrorResume(e -> {
                            failed(e);
                            return Mono.empty();
                        }), 1)
                .retry()
                .subscribe();
        log.info("node {} registering at {} with capacity {}", self.nodeId(), self.url(), self.capacity());
    }

    /** Registers the node, then posts its status (with whether an operator drains it) for operators. */
    private Mono<Void> beat() {
        return Mono.defer(() -> registry.heartbeat(self.withCapacity(pool.usable()), properties.heartbeatTtl()))
                .then(Mono.defer(() -> registry.isDraining(self.nodeId()).defaultIfEmpty(false)))
                .flatMap(draining -> board.report(new NodeStatus(self.nodeId(), self.url(), pool.capacity(),
                        pool.usable(), pool.busy(), pool.memoryBytes(), pool.rendersDone(), startedAt, Instant.now(),
                        pool.rendersInFlight(), draining, pool.warmContexts()), properties.heartbeatTtl()));
    }

    private void succeeded() {
        if (System.nanoTime() - lastSuccess.getAndSet(System.nanoTime()) > properties.heartbeatTtl().toNanos()) {
            log.info("node {} is registered (heartbeats succeed)", self.nodeId());
        }
    }

    private void failed(Throwable e) {
        lastFailure = e.toString();
        log.warn("heartbeat of {} failed: {}", self.nodeId(), lastFailure);
    }

    /** UP while the last successful heartbeat is younger than the TTL: the node is in the registry. */
    @Override
    public Health health() {
        long age = System.nanoTime() - lastSuccess.get();
        if (age <= properties.heartbeatTtl().toNanos()) {
            return Health.up().withDetail("nodeId", self.nodeId()).build();
        }
        return Health.down().withDetail("nodeId", self.nodeId())
                .withDetail("reason", "no heartbeat succeeded within " + properties.heartbeatTtl()
                        + ": the node is not in the registry")
                .withDetail("lastFailure", lastFailure).build();
    }

    @Override
    public void stop(Runnable callback) {
        Disposable current = ticking;
        if (current != null) {
            current.dispose();
        }
        // Bounded: with Redis unreachable the registration simply lapses after its TTL, and shutdown
        // must not wait out the client's command timeout.
        registry.deregister(self.nodeId())
                .timeout(DEREGISTER_TIMEOUT)
                .doOnError(e -> log.warn("deregistering {} failed; it lapses after its TTL: {}", self.nodeId(), e.toString()))
                .onErrorComplete()
                .doFinally(s -> callback.run())
                .subscribe();
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return ticking != null && !ticking.isDisposed();
    }
}

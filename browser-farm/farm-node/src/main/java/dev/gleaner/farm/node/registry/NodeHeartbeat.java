package dev.gleaner.farm.node.registry;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import dev.gleaner.farm.node.config.FarmNodeProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Keeps this node registered while it runs: a heartbeat every interval, and a deregistration
 * on graceful shutdown so no new lease lands here. A missed heartbeat is logged and retried on
 * the next tick; the registration lapses only after the TTL.
 */
@Component
public class NodeHeartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
    private static final Duration DEREGISTER_TIMEOUT = Duration.ofSeconds(2);

    private final NodeRegistry registry;
    private final NodeInfo self;
    private final FarmNodeProperties properties;
    private volatile Disposable ticking;

    public NodeHeartbeat(NodeRegistry registry, NodeInfo self, FarmNodeProperties properties) {
        this.registry = registry;
        this.self = self;
        this.properties = properties;
    }

    @Override
    public void start() {
        ticking = Flux.interval(Duration.ZERO, properties.heartbeatInterval())
                .concatMap(tick -> registry.heartbeat(self, properties.heartbeatTtl())
                        .doOnError(e -> log.warn("heartbeat of {} failed: {}", self.nodeId(), e.toString()))
                        .onErrorComplete())
                .subscribe();
        log.info("node {} registering at {} with capacity {}", self.nodeId(), self.url(), self.capacity());
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

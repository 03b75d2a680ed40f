package dev.gleaner.farm.client.node;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which farm nodes are alive and what they offer. A node stays registered only while it
 * heartbeats within the TTL it announced.
 */
public interface NodeRegistry {

    /** Registers the node or refreshes its registration for another {@code ttl}. */
    Mono<Void> heartbeat(NodeInfo node, Duration ttl);

    /** Removes the node at once (graceful shutdown); its leases expire on their own. */
    Mono<Void> deregister(String nodeId);

    /** Nodes whose last heartbeat has not lapsed. */
    Flux<NodeInfo> liveNodes();

    /**
     * Drains the node: it gets no new lease until {@link #undrain} (or for {@code ttl} at most), and its leases in
     * flight run to their end.
     */
    Mono<Void> drain(String nodeId, Duration ttl);

    Mono<Void> undrain(String nodeId);

    Mono<Boolean> isDraining(String nodeId);
}

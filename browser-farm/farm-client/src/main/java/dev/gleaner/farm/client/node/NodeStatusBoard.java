package dev.gleaner.farm.client.node;

import java.time.Duration;

import reactor.core.publisher.Mono;

/** Where farm nodes post their {@link NodeStatus} for operators to read; a status lapses with its node's heartbeat. */
public interface NodeStatusBoard {

    Mono<Void> report(NodeStatus status, Duration ttl);

    /** The node's last status, empty when it reported none within its TTL. */
    Mono<NodeStatus> status(String nodeId);
}

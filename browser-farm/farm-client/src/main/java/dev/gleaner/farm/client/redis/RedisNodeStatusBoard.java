package dev.gleaner.farm.client.redis;

import java.time.Duration;

import dev.gleaner.farm.client.node.NodeStatus;
import dev.gleaner.farm.client.node.NodeStatusBoard;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** {@link NodeStatusBoard} over Redis: one JSON string per node, expiring with the TTL it was reported with. */
public final class RedisNodeStatusBoard implements NodeStatusBoard {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RedisClusterReactiveCommands<String, String> redis;
    private final FarmKeys keys;

    public RedisNodeStatusBoard(RedisClusterReactiveCommands<String, String> redis, FarmKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Mono<Void> report(NodeStatus status, Duration ttl) {
        return Mono.fromCallable(() -> JSON.writeValueAsString(status))
                .flatMap(json -> redis.set(keys.nodeStatus(status.nodeId()), json, SetArgs.Builder.px(ttl.toMillis())))
                .then();
    }

    @Override
    public Mono<NodeStatus> status(String nodeId) {
        return redis.get(keys.nodeStatus(nodeId)).map(json -> JSON.readValue(json, NodeStatus.class));
    }
}

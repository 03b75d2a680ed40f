package dev.gleaner.farm.client.redis;

import java.time.Duration;

import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.node.NodeRegistry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link NodeRegistry} over Redis: a ZSET of heartbeat deadlines and one hash per node. */
public final class RedisNodeRegistry implements NodeRegistry {

    private static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    private static final LuaScript DEREGISTER = LuaScript.load("deregister");
    private static final LuaScript LIVE_NODES = LuaScript.load("live_nodes");

    private final RedisClusterReactiveCommands<String, String> redis;
    private final FarmKeys keys;

    public RedisNodeRegistry(RedisClusterReactiveCommands<String, String> redis, FarmKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Mono<Void> heartbeat(NodeInfo node, Duration ttl) {
        return HEARTBEAT.run(redis, ScriptOutputType.INTEGER, new String[] {keys.nodes(), keys.node(node.nodeId())},
                        node.nodeId(), node.url(), Integer.toString(node.capacity()), Long.toString(ttl.toMillis()))
                .then();
    }

    @Override
    public Mono<Void> deregister(String nodeId) {
        return DEREGISTER.run(redis, ScriptOutputType.INTEGER, new String[] {keys.nodes(), keys.node(nodeId)}, nodeId)
                .then();
    }

    @Override
    public Flux<NodeInfo> liveNodes() {
        return LIVE_NODES.runForList(redis, new String[] {keys.nodes()}, keys.prefix())
                .buffer(3)
                .map(t -> new NodeInfo(t.get(0), t.get(1), Integer.parseInt(t.get(2))));
    }

    @Override
    public Mono<Void> drain(String nodeId, Duration ttl) {
        return redis.set(keys.nodeDraining(nodeId), "1", SetArgs.Builder.px(ttl.toMillis())).then();
    }

    @Override
    public Mono<Void> undrain(String nodeId) {
        return redis.del(keys.nodeDraining(nodeId)).then();
    }

    @Override
    public Mono<Boolean> isDraining(String nodeId) {
        return redis.exists(keys.nodeDraining(nodeId)).map(n -> n > 0);
    }
}

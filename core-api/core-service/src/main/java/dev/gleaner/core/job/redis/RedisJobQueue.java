package dev.gleaner.core.job.redis;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.gleaner.core.job.JobQueue;
import dev.gleaner.farm.client.redis.LuaScript;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link JobQueue} over a Redis Stream read in one consumer group, so each entry goes to one
 * worker and stays in its pending list until done; XAUTOCLAIM hands the entries of a worker that
 * went silent to another.
 */
public final class RedisJobQueue implements JobQueue {

    private static final LuaScript DONE = LuaScript.load("/gleaner/jobs/lua/done.lua");
    private static final String FIELD = "job";
    /** The submitting request's W3C traceparent, when it was traced. */
    private static final String TRACE_FIELD = "traceparent";

    private final RedisClusterReactiveCommands<String, String> redis;
    private final RedisClusterReactiveCommands<String, String> blocking;
    private final JobKeys keys;

    /**
     * @param redis    the shared connection
     * @param blocking a connection of its own for the blocking reads, which would hold up every other command
     */
    public RedisJobQueue(RedisClusterReactiveCommands<String, String> redis, RedisClusterReactiveCommands<String, String> blocking,
            JobKeys keys) {
        this.redis = redis;
        this.blocking = blocking;
        this.keys = keys;
    }

    @Override
    public Mono<Boolean> ensureReady() {
        return redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.stream(), "0"), keys.group(),
                        XGroupCreateArgs.Builder.mkstream())
                .map("OK"::equals)
                .onErrorResume(RedisBusyException.class, e -> Mono.just(false));
    }

    @Override
    public Mono<Void> offer(UUID jobId, String traceParent) {
        Map<String, String> body = traceParent == null ? Map.of(FIELD, jobId.toString())
                : Map.of(FIELD, jobId.toString(), TRACE_FIELD, traceParent);
        return redis.xadd(keys.stream(), body).then();
    }

    @Override
    public Flux<Delivery> take(String consumer, int count, Duration wait) {
        return blocking.xreadgroup(Consumer.from(keys.group(), consumer),
                        XReadArgs.Builder.count(count).block(wait), XReadArgs.StreamOffset.lastConsumed(keys.stream()))
                .map(RedisJobQueue::delivery);
    }

    @Override
    public Flux<Delivery> claimAbandoned(String consumer, Duration minIdle, int count) {
        return redis.xautoclaim(keys.stream(), XAutoClaimArgs.Builder
                        .<String>xautoclaim(Consumer.from(keys.group(), consumer), minIdle, "0-0").count(count))
                .flatMapIterable(claimed -> claimed.getMessages())
                .filter(message -> message.getBody() != null && message.getBody().containsKey(FIELD))
                .map(RedisJobQueue::delivery);
    }

    @Override
    public Mono<Void> renew(String consumer, String entryId) {
        return redis.xclaim(keys.stream(), Consumer.from(keys.group(), consumer), XClaimArgs.Builder.justid(), entryId)
                .then();
    }

    @Override
    public Mono<Void> done(String entryId) {
        return DONE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.stream()}, keys.group(), entryId)
                .then();
    }

    private static Delivery delivery(StreamMessage<String, String> message) {
        return new Delivery(message.getId(), UUID.fromString(message.getBody().get(FIELD)),
                message.getBody().get(TRACE_FIELD));
    }
}

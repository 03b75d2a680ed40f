package dev.gleaner.farm.client.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.lease.Waiter;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** {@link LeaseBroker} over Redis: each operation is one Lua script, so it is atomic cluster-wide. */
public final class RedisLeaseBroker implements LeaseBroker {

    private static final Logger log = LoggerFactory.getLogger(RedisLeaseBroker.class);
    private static final LuaScript ACQUIRE = LuaScript.load("fair_queue", "acquire_lease");
    private static final LuaScript RELEASE = LuaScript.load("fair_queue", "release_lease");
    private static final LuaScript LEAVE = LuaScript.load("fair_queue", "leave_queue");
    private static final LuaScript RENEW = LuaScript.load("renew_lease");
    /** The lease a slot handed on to a waiter starts with; its holder renews it once it claims it. */
    private static final Duration HANDED_ON_TTL = Duration.ofSeconds(15);

    private final RedisClusterReactiveCommands<String, String> redis;
    private final FarmKeys keys;
    private final Flux<String> grants;
    private final Duration waiterTtl;

    /**
     * @param pubSub where the broker hears which waiters were handed a slot ({@link #grants()}); may be
     *               {@code null}, and then waiters only find out when they ask again
     */
    public RedisLeaseBroker(RedisClusterReactiveCommands<String, String> redis, RedisPubSubReactiveCommands<String, String> pubSub,
            FarmKeys keys) {
        this(redis, pubSub, keys, WAITER_TTL);
    }

    /** @param waiterTtl how long a waiter keeps its place without asking again */
    public RedisLeaseBroker(RedisClusterReactiveCommands<String, String> redis, RedisPubSubReactiveCommands<String, String> pubSub,
            FarmKeys keys, Duration waiterTtl) {
        this.redis = redis;
        this.keys = keys;
        this.waiterTtl = waiterTtl;
        String channel = keys.prefix() + ":queue:granted";
        if (pubSub == null) {
            this.grants = Flux.never();
            return;
        }
        // subscribed once, now, and fed to whoever listens: a hint published from here on is not missed
        // because a listener came after the subscription was made
        Sinks.Many<String> hints = Sinks.many().multicast().directBestEffort();
        pubSub.observeChannels()
                .filter(message -> message.getChannel().equals(channel))
                .subscribe(message -> hints.tryEmitNext(message.getMessage()));
        pubSub.subscribe(channel).timeout(RedisConnector.DEFAULT_COMMAND_TIMEOUT.multipliedBy(2))
                .onErrorResume(e -> {
                    log.warn("cannot subscribe to slot announcements; waiters find their slots by asking: {}",
                            e.toString());
                    return Mono.empty();
                })
                .block();
        this.grants = hints.asFlux();
    }

    public RedisLeaseBroker(RedisClusterReactiveCommands<String, String> redis, FarmKeys keys) {
        this(redis, null, keys);
    }

    @Override
    public Mono<LeaseDecision> acquire(Waiter waiter, Duration ttl) {
        return ACQUIRE.runForList(redis, new String[] {keys.nodes()}, keys.prefix(), waiter.id(), waiter.tenantId(),
                        Integer.toString(waiter.cap()), Integer.toString(waiter.weight()), Long.toString(ttl.toMillis()),
                        Long.toString(waiterTtl.toMillis()))
                .collectList()
                .map(reply -> decision(reply, waiter));
    }

    private static LeaseDecision decision(List<String> reply, Waiter waiter) {
        return switch (reply.getFirst()) {
            case "GRANTED" -> new LeaseDecision.Granted(
                    new Lease(waiter.id(), reply.get(1), reply.get(2), Long.parseLong(reply.get(3)), waiter.tenantId()));
            case "WAITING" -> new LeaseDecision.Waiting(reply.get(1).equals("AT_CAP"), Integer.parseInt(reply.get(2)));
            default -> throw new IllegalStateException("Unexpected acquire_lease reply " + reply);
        };
    }

    @Override
    public Mono<Void> leave(String waiterId) {
        return LEAVE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.nodes()}, keys.prefix(), waiterId,
                        Long.toString(HANDED_ON_TTL.toMillis()))
                .then();
    }

    @Override
    public Flux<String> grants() {
        return grants;
    }

    @Override
    public Mono<Boolean> renew(Lease lease, Duration ttl) {
        return RENEW.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.lease(lease.leaseId())},
                        keys.prefix(), lease.leaseId(), Long.toString(lease.fencingToken()), Long.toString(ttl.toMillis()))
                .next()
                .map(n -> n == 1L);
    }

    @Override
    public Mono<Boolean> release(Lease lease) {
        return RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {keys.lease(lease.leaseId())},
                        keys.prefix(), lease.leaseId(), Long.toString(lease.fencingToken()),
                        Long.toString(HANDED_ON_TTL.toMillis()))
                .next()
                .map(n -> n == 1L);
    }

    @Override
    public Mono<Void> markSuspect(String nodeId, Duration duration) {
        return redis.set(keys.nodeSuspect(nodeId), "1", SetArgs.Builder.px(Math.max(1, duration.toMillis()))).then();
    }

    @Override
    public Mono<Lease> find(String leaseId) {
        return redis.hgetall(keys.lease(leaseId))
                .collectMap(kv -> kv.getKey(), kv -> kv.getValue())
                .filter(fields -> fields.containsKey("fence"))
                .map(fields -> toLease(leaseId, fields));
    }

    @Override
    public Mono<Long> busy(String nodeId) {
        return redis.zcount(keys.nodeLeases(nodeId),
                Range.create((double) System.currentTimeMillis(), Double.POSITIVE_INFINITY));
    }

    @Override
    public Mono<Boolean> isSuspect(String nodeId) {
        return redis.exists(keys.nodeSuspect(nodeId)).map(n -> n > 0);
    }

    private static Lease toLease(String leaseId, Map<String, String> fields) {
        return new Lease(leaseId, fields.get("node"), fields.get("url"), Long.parseLong(fields.get("fence")),
                fields.get("tenant"));
    }
}

package dev.gleaner.farm.client.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;

/** {@link LeaseBroker} over Redis: each operation is one Lua script, so it is atomic cluster-wide. */
public final class RedisLeaseBroker implements LeaseBroker {

    private static final LuaScript ACQUIRE = LuaScript.load("acquire_lease");
    private static final LuaScript RENEW = LuaScript.load("renew_lease");
    private static final LuaScript RELEASE = LuaScript.load("release_lease");

    private final RedisReactiveCommands<String, String> redis;
    private final FarmKeys keys;

    public RedisLeaseBroker(RedisReactiveCommands<String, String> redis, FarmKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Mono<LeaseDecision> acquire(String tenantId, int tenantCap, Duration ttl) {
        String leaseId = UUID.randomUUID().toString();
        return ACQUIRE.runForList(redis, new String[] {keys.nodes(), keys.fence(), keys.tenantLeases(tenantId)},
                        keys.prefix(), leaseId, tenantId, Integer.toString(tenantCap), Long.toString(ttl.toMillis()))
                .collectList()
                .map(reply -> decision(reply, leaseId, tenantId, tenantCap));
    }

    private static LeaseDecision decision(List<String> reply, String leaseId, String tenantId, int tenantCap) {
        return switch (reply.getFirst()) {
            case "GRANTED" -> new LeaseDecision.Granted(
                    new Lease(leaseId, reply.get(1), reply.get(2), Long.parseLong(reply.get(3)), tenantId));
            case "TENANT_AT_CAPACITY" -> new LeaseDecision.TenantAtCapacity(tenantCap);
            case "NO_CAPACITY" -> new LeaseDecision.NoCapacity();
            default -> throw new IllegalStateException("Unexpected acquire_lease reply " + reply);
        };
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
                        keys.prefix(), lease.leaseId(), Long.toString(lease.fencingToken()))
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

    private static Lease toLease(String leaseId, Map<String, String> fields) {
        return new Lease(leaseId, fields.get("node"), fields.get("url"), Long.parseLong(fields.get("fence")),
                fields.get("tenant"));
    }
}

package dev.gleaner.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.LeaseDecision;
import dev.gleaner.farm.client.lease.Waiter;
import dev.gleaner.farm.client.node.NodeInfo;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.redis.RedisNodeRegistry;

/**
 * Lease acquire + release, one pair at a time, against the dev stack's Redis (the fair-queue Lua
 * scripts, through Lettuce, as core-api calls them), beside the bare ceiling measured in the same
 * run: a Redis PING round trip on the same connection.
 */
final class LeaseLatency {

    private LeaseLatency() {
    }

    static String measure(String redisUrl, int pairs) {
        try (RedisConnector redis = new RedisConnector(redisUrl)) {
            FarmKeys keys = new FarmKeys("bench-leases-" + UUID.randomUUID());
            new RedisNodeRegistry(redis.reactive(), keys)
                    .heartbeat(new NodeInfo("bench-node", "http://bench-node", 4), Duration.ofMinutes(10)).block();
            LeaseBroker leases = new RedisLeaseBroker(redis.reactive(), keys);
            for (int i = 0; i < Math.min(500, pairs); i++) { // warm-up: JIT, script cache
                redis.reactive().ping().block();
                pair(leases);
            }
            double[] ping = new double[pairs];
            double[] lease = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                long start = System.nanoTime();
                redis.reactive().ping().block();
                ping[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                pair(leases);
                lease[i] = (System.nanoTime() - start) / 1e6;
            }
            return String.format(Locale.ROOT, "Lease acquire + release, %d sequential pairs, one tenant, no waiters%n%n"
                    + "| measurement | p50 ms | p99 ms | max ms |%n|---|---:|---:|---:|%n"
                    + "| Redis PING round trip (ceiling) | %.3f | %.3f | %.3f |%n"
                    + "| acquire + release (two Lua scripts) | %.3f | %.3f | %.3f |%n", pairs,
                    percentile(ping, 50), percentile(ping, 99), percentile(ping, 100),
                    percentile(lease, 50), percentile(lease, 99), percentile(lease, 100));
        }
    }

    private static void pair(LeaseBroker leases) {
        LeaseDecision decision = leases.acquire(new Waiter(UUID.randomUUID().toString(), "bench-tenant", 4, 1),
                Duration.ofSeconds(30)).block();
        if (!(decision instanceof LeaseDecision.Granted granted)) {
            throw new IllegalStateException("no lease: " + decision);
        }
        Lease lease = granted.lease();
        if (!Boolean.TRUE.equals(leases.release(lease).block())) {
            throw new IllegalStateException("release failed");
        }
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

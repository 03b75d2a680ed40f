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
 * Lease acquire + release, one pair at a time, against an embedded Redis of its own (the
 * fair-queue Lua scripts, through Lettuce, as core-api calls them), beside the bare ceilings
 * measured in the same run on the same connection: one PING round trip, and two in a row (a pair
 * is two calls, so two round trips is its floor). Also reports Redis's own time per script call.
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
            for (int i = 0; i < pairs; i++) { // warm-up as long as the run: JIT (C2 included), script cache
                redis.reactive().ping().block();
                pair(leases);
            }
            redis.reactive().configResetstat().block();
            double[] ping = new double[pairs];
            double[] twoPings = new double[pairs];
            double[] lease = new double[pairs];
            for (int i = 0; i < pairs; i++) {
                long start = System.nanoTime();
                redis.reactive().ping().block();
                ping[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                redis.reactive().ping().block();
                redis.reactive().ping().block();
                twoPings[i] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                pair(leases);
                lease[i] = (System.nanoTime() - start) / 1e6;
            }
            String stats = redis.reactive().info("commandstats").block();
            return String.format(Locale.ROOT, "Lease acquire + release, %d sequential pairs (after as many warm-up"
                    + " pairs), one tenant, no waiters%n%n"
                    + "| measurement | p50 ms | p99 ms | max ms |%n|---|---:|---:|---:|%n"
                    + "| Redis PING round trip | %.3f | %.3f | %.3f |%n"
                    + "| two PINGs one after the other (the pair's ceiling: two round trips) | %.3f | %.3f | %.3f |%n"
                    + "| acquire + release (two Lua scripts) | %.3f | %.3f | %.3f |%n%n"
                    + "Inside Redis, per script call (mean): %s µs%n", pairs,
                    percentile(ping, 50), percentile(ping, 99), percentile(ping, 100),
                    percentile(twoPings, 50), percentile(twoPings, 99), percentile(twoPings, 100),
                    percentile(lease, 50), percentile(lease, 99), percentile(lease, 100), serverMicros(stats));
        }
    }

    /** Mean time Redis spent per EVALSHA, from INFO commandstats ("cmdstat_evalsha:calls=…,usec_per_call=…"). */
    private static String serverMicros(String stats) {
        return stats == null ? "?" : stats.lines().filter(line -> line.startsWith("cmdstat_evalsha:"))
                .flatMap(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).split(",")))
                .filter(field -> field.startsWith("usec_per_call="))
                .map(field -> field.substring("usec_per_call=".length()).trim()).findFirst().orElse("?");
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

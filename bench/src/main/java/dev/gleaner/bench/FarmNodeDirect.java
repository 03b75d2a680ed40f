package dev.gleaner.bench;

import java.time.Duration;
import java.util.UUID;

import org.springframework.web.reactive.function.client.WebClient;

import dev.gleaner.farm.client.lease.Lease;
import dev.gleaner.farm.client.lease.LeaseBroker;
import dev.gleaner.farm.client.lease.Waiter;
import dev.gleaner.farm.client.redis.FarmKeys;
import dev.gleaner.farm.client.redis.RedisConnector;
import dev.gleaner.farm.client.redis.RedisLeaseBroker;
import dev.gleaner.farm.client.render.FarmClient;
import dev.gleaner.farm.client.render.RenderOptions;
import dev.gleaner.farm.client.render.RenderOutcome;
import dev.gleaner.farm.client.render.RenderRequest;
import dev.gleaner.farm.client.render.RenderResult;
import reactor.core.publisher.Mono;

/**
 * The farm node as core-api uses it, without core-api: lease a slot through Redis, call the
 * node's render endpoint, release. Adds the node's guarded network, its HTTP surface and the
 * lease round trips to the ceiling.
 */
final class FarmNodeDirect implements Scenario {

    private static final Duration TTL = Duration.ofSeconds(30);
    private static final int TIMEOUT_MS = 30_000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private final RedisConnector redis;
    private final LeaseBroker leases;
    private final FarmClient farm;
    private final String url;
    private final String selector;

    FarmNodeDirect(String redisUrl, String redisNamespace, String url, String selector) {
        this.redis = new RedisConnector(redisUrl);
        this.leases = new RedisLeaseBroker(redis.reactive(), new FarmKeys(redisNamespace));
        this.farm = new FarmClient(WebClient.builder(), Duration.ofSeconds(5));
        this.url = url;
        this.selector = selector;
    }

    @Override
    public String name() {
        return "farm node direct (lease + render endpoint)";
    }

    @Override
    public Renderer newRenderer() {
        return () -> {
            Lease lease = lease();
            try {
                RenderResult result = farm.render(lease.nodeUrl(), new RenderRequest(lease.leaseId(),
                        lease.fencingToken(), url, TIMEOUT_MS, "bench-" + UUID.randomUUID(),
                        RenderOptions.waitingFor(selector, null))).block();
                if (result == null || result.outcome() != RenderOutcome.OK) {
                    throw new IllegalStateException("render failed: " + result);
                }
                return result.html();
            } finally {
                leases.release(lease).block();
            }
        };
    }

    /**
     * A slot through the fair queue, waited for as core-api waits: a node replacing a worn browser
     * offers one slot fewer meanwhile, so a slot is not always free at once.
     */
    private Lease lease() {
        Waiter waiter = new Waiter(UUID.randomUUID().toString(), "bench", 0, 1);
        return leases.awaitSlot(waiter, TTL, System.nanoTime() + WAIT.toNanos(), POLL, waiting -> { })
                .switchIfEmpty(leases.leave(waiter.id())
                        .then(Mono.error(() -> new IllegalStateException("no lease within " + WAIT))))
                .block();
    }

    @Override
    public void close() {
        redis.close();
    }
}

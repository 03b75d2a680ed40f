package dev.gleaner.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.client.plan.PlanLimits;
import dev.gleaner.core.client.plan.Rate;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.farm.client.redis.RedisUrls;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Per tenant and route family, a token bucket in Redis (Bucket4j's compare-and-swap proxy over
 * Lettuce), shared by every gateway instance, so never more than a plan allows is admitted across
 * them. Bucket4j's batching optimisation folds the concurrent requests of one JVM on one bucket into
 * one compare-and-swap, which keeps a hot token from contending with itself; it admits nothing
 * beyond the limit. A bucket's key names the plan's version, so a changed plan starts a new bucket.
 *
 * <p>Failure policy: when Redis does not answer within the timeout, requests are admitted (fail
 * open, the default) or refused with 503 (fail closed), counted and logged at most every 10 s.
 */
public final class RateLimiter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long RECONNECT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    /** What became of one request. */
    public sealed interface Decision {
    }

    /** Admitted; {@code remaining} tokens are left, the bucket is full again in {@code resetSeconds}. */
    public record Admitted(RouteFamily family, Rate rate, long remaining, long resetSeconds) implements Decision {
    }

    /** Refused: the next token comes in {@code retryAfterSeconds}. */
    public record Limited(RouteFamily family, Rate rate, long retryAfterSeconds) implements Decision {
    }

    /** Not limited: rate limiting is switched off, or the token's plan names no limits. */
    public record Unlimited() implements Decision {
    }

    private static final Unlimited UNLIMITED = new Unlimited();

    /** Redis did not answer: admitted or refused by the failure policy, unlimited either way. */
    public record Unavailable(boolean admitted) implements Decision {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final AbstractRedisClient client;
    /** Connects to Redis (one server or a cluster) and makes Bucket4j's proxy manager over the connection. */
    private final Supplier<CompletableFuture<AsyncProxyManager<byte[]>>> connect;
    private final String prefix;
    private final Duration timeout;
    private final boolean failOpen;
    private final boolean enabled;
    private final MeterRegistry meters;
    private final Cache<String, AsyncBucketProxy> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong lastConnect = new AtomicLong(System.nanoTime() - RECONNECT_EVERY_NANOS);
    private volatile StatefulConnection<byte[], byte[]> connection;
    private volatile CompletableFuture<AsyncProxyManager<byte[]>> manager;

    /** @param enabled false admits every request without limits and never connects to Redis */
    public RateLimiter(String redisUrl, String namespace, Duration timeout, boolean failOpen, boolean enabled,
            MeterRegistry meters) {
        if (RedisUrls.isCluster(redisUrl)) {
            // the seeds' timeout bounds connecting and reading the topology (several round trips); each command
            // still has the limiter's own short timeout (TimeoutOptions)
            RedisClusterClient cluster = RedisClusterClient.create(RedisUrls.clusterSeeds(redisUrl, CONNECT_TIMEOUT));
            cluster.setOptions(failFast(ClusterClientOptions.builder(), timeout).build());
            this.client = cluster;
            // the topology is read first: a connection needs it, and a failed first read is tried again next time
            this.connect = () -> cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(read -> cluster.connectAsync(ByteArrayCodec.INSTANCE)).thenApply(connected -> {
                connection = connected;
                return proxyManager(Bucket4jLettuce.casBasedBuilder(connected));
            });
        } else {
            RedisURI uri = RedisUrls.single(redisUrl, timeout);
            RedisClient single = RedisClient.create();
            single.setOptions(failFast(ClientOptions.builder(), timeout).build());
            this.client = single;
            this.connect = () -> single.connectAsync(ByteArrayCodec.INSTANCE, uri).toCompletableFuture()
                    .thenApply(connected -> {
                        connection = connected;
                        return proxyManager(Bucket4jLettuce.casBasedBuilder(connected));
                    });
        }
        this.prefix = namespace + ":ratelimit:";
        this.timeout = timeout;
        this.failOpen = failOpen;
        this.enabled = enabled;
        this.meters = meters;
        if (enabled) {
            manager(); // connects now, so the first requests find Redis ready
        }
    }

    /** Commands fail at once while Redis is away, instead of queueing until it is back. */
    private static <B extends ClientOptions.Builder> B failFast(B builder, Duration timeout) {
        builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        return builder;
    }

    private static AsyncProxyManager<byte[]> proxyManager(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder) {
        return builder.expirationAfterWrite(ExpirationAfterWriteStrategy
                        .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build().asAsync();
    }

    /** Takes one token of the tenant's bucket for this route family. */
    public Mono<Decision> admit(TokenIntrospection token, RouteFamily family) {
        Rate rate = enabled ? rateOf(token.limits(), family) : null;
        if (rate == null) {
            return Mono.just(UNLIMITED);
        }
        String key = prefix + token.tenantId() + ":" + family.wire() + ":" + token.planId() + ":" + token.planVersion();
        return manager()
                .flatMap(proxies -> Mono.fromFuture(buckets.get(key, k -> proxies.builder()
                        .withOptimization(Optimizations.batching())
                        .build(k.getBytes(StandardCharsets.UTF_8), configuration(rate))).tryConsumeAndReturnRemaining(1)))
                .timeout(timeout)
                .map(probe -> decision(family, rate, probe))
                .onErrorResume(e -> Mono.just(unavailable(e)));
    }

    private static Decision decision(RouteFamily family, Rate rate, ConsumptionProbe probe) {
        if (probe.isConsumed()) {
            long missing = rate.burst() - probe.getRemainingTokens();
            return new Admitted(family, rate, probe.getRemainingTokens(), ceilDiv(missing, rate.perSecond()));
        }
        return new Limited(family, rate, Math.max(1, ceilDiv(probe.getNanosToWaitForRefill(), 1_000_000_000L)));
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    private static BucketConfiguration configuration(Rate rate) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
                .build();
    }

    static Rate rateOf(PlanLimits limits, RouteFamily family) {
        if (limits == null) {
            return null;
        }
        return switch (family) {
            case SCRAPE -> limits.scrape();
            case JOBS -> limits.jobs();
            case CRAWLS -> limits.crawls();
            case READ -> limits.read();
        };
    }

    private Decision unavailable(Throwable e) {
        Counter.builder("gleaner.gateway.rate.limit.unavailable").tag("policy", failOpen ? "open" : "closed")
                .description("Requests decided without their rate limit: Redis did not answer").register(meters)
                .increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            log.warn("rate limits unavailable ({}{}); requests are {} until Redis answers", e.toString(),
                    cause == e ? "" : ", because " + cause, failOpen ? "admitted without limits (fail open)" : "refused (fail closed)");
        }
        return new Unavailable(failOpen);
    }

    /**
     * The proxy manager over the Redis connection, connecting when there is none yet or the last attempt
     * failed (at most once a second); Lettuce reconnects an established connection by itself.
     */
    private Mono<AsyncProxyManager<byte[]>> manager() {
        CompletableFuture<AsyncProxyManager<byte[]>> current = manager;
        if (current == null || current.isCompletedExceptionally()) {
            long now = System.nanoTime();
            long last = lastConnect.get();
            if (now - last >= RECONNECT_EVERY_NANOS && lastConnect.compareAndSet(last, now)) {
                current = connect.get();
                manager = current;
            } else if (current == null) {
                return Mono.error(new IllegalStateException("Redis is not connected"));
            }
        }
        return Mono.fromFuture(current, true);
    }

    @Override
    public void close() {
        StatefulConnection<byte[], byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown();
    }
}

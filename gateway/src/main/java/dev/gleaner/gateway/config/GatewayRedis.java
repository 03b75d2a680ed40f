package dev.gleaner.gateway.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's one Redis connection for discovery, token records and last-used times (the rate
 * limiter has its own, for Bucket4j's byte codec). Connected lazily, so the gateway starts without
 * Redis; while it cannot connect, callers get an error at once and a new attempt is made at most once
 * a second. Once connected, Lettuce reconnects by itself.
 */
public final class GatewayRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRedis.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final String url;
    private final Duration timeout;
    private final AtomicLong lastAttempt = new AtomicLong(System.nanoTime() - RETRY_NANOS);
    private volatile RedisConnector connector;

    public GatewayRedis(String url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    /** The commands, or an error when Redis cannot be connected to right now. */
    public Mono<RedisClusterReactiveCommands<String, String>> commands() {
        RedisConnector ready = connector;
        if (ready != null) {
            return Mono.just(ready.reactive());
        }
        long now = System.nanoTime();
        long last = lastAttempt.get();
        if (now - last < RETRY_NANOS || !lastAttempt.compareAndSet(last, now)) {
            return Mono.error(new IllegalStateException("Redis is not connected"));
        }
        return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic()).map(RedisConnector::reactive);
    }

    private synchronized RedisConnector connect() {
        if (connector == null) {
            connector = new RedisConnector(url, timeout);
            log.info("connected to Redis");
        }
        return connector;
    }

    @Override
    public synchronized void close() {
        if (connector != null) {
            connector.close();
        }
    }
}

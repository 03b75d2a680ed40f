package dev.gleaner.gateway.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.gateway.config.GatewayRedis;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * When each token was last used, without a database write per request: kept here, and every 5 s written
 * in one command to a Redis hash that core-api empties into the database. Failure policy: what cannot be
 * written stays here for the next round (newest time wins); nothing waits for it.
 */
public final class LastUsed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LastUsed.class);
    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final GatewayRedis redis;
    private final String key;
    private final ConcurrentHashMap<String, Long> pending = new ConcurrentHashMap<>();
    private final Disposable loop;

    public LastUsed(GatewayRedis redis, String namespace) {
        this.redis = redis;
        this.key = TokenRecord.lastUsedKey(namespace);
        this.loop = Flux.interval(INTERVAL, INTERVAL).onBackpressureDrop()
                .concatMap(tick -> flush().onErrorResume(e -> Mono.empty()), 1)
                .subscribe();
    }

    /** Notes that an active token was just used. */
    public void touch(String token) {
        ApiTokenFormat.parse(token).ifPresent(parsed -> {
            Long now = System.currentTimeMillis() / 1000;
            // a hot token is noted once a second, not written on every request (a read takes no lock)
            if (!now.equals(pending.get(parsed.publicId()))) {
                pending.put(parsed.publicId(), now);
            }
        });
    }

    Mono<Void> flush() {
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        Map<String, String> batch = new HashMap<>();
        pending.keySet().forEach(id -> {
            Long at = pending.remove(id);
            if (at != null) {
                batch.put(id, Long.toString(at));
            }
        });
        return redis.commands().flatMap(commands -> commands.hset(key, batch)).timeout(TIMEOUT).then()
                .onErrorResume(e -> {
                    log.debug("last-used times kept for the next round: {}", e.toString());
                    batch.forEach((id, at) -> pending.merge(id, Long.parseLong(at), Math::max));
                    return Mono.empty();
                });
    }

    @Override
    public void close() {
        loop.dispose();
    }
}

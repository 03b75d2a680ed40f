package dev.gleaner.core.identity.redis;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.identity.ReplayGuard;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * {@link ReplayGuard} over Redis ({@code SET NX PX}: one key per request id, gone after the window),
 * so a request replayed to any core-api instance is refused. Failure policy: when Redis cannot
 * answer, this instance's own memory of the ids it saw decides (replays to the same instance are
 * still refused; to another one, not until Redis is back).
 */
public final class RedisReplayGuard implements ReplayGuard {

    private static final Logger log = LoggerFactory.getLogger(RedisReplayGuard.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final RedisClusterReactiveCommands<String, String> redis;
    private final String prefix;
    private final Cache<String, Boolean> local;

    /** @param window how long ids are remembered locally; at least the signatures' maximum age */
    public RedisReplayGuard(RedisClusterReactiveCommands<String, String> redis, String namespace, Duration window) {
        this.redis = redis;
        this.prefix = namespace + ":{identity}:seen:";
        this.local = Caffeine.newBuilder().maximumSize(1_000_000).expireAfterWrite(window).build();
    }

    @Override
    public Mono<Boolean> firstUse(String requestId, Duration window) {
        boolean firstHere = local.asMap().putIfAbsent(requestId, Boolean.TRUE) == null;
        return redis.set(prefix + requestId, "1", SetArgs.Builder.nx().px(window.toMillis()))
                .map("OK"::equals)
                .defaultIfEmpty(false)
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("replay check fell back to this instance's memory (Redis: {})", e.toString());
                    return Mono.just(firstHere);
                });
    }
}

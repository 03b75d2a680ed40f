package dev.gleaner.core.operator;

import java.time.Duration;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.error.SignInThrottledException;
import dev.gleaner.farm.client.redis.LuaScript;
import dev.gleaner.farm.client.redis.RedisConnector;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * Counts failed sign-ins per operator name and per client address, in Redis so every core-api instance
 * counts the same ones: after {@link OperatorProperties#maxFailures()} in a {@link OperatorProperties#lockout()},
 * sign-ins for that name or from that address are refused, without looking at the password, until the
 * lockout is over. A success clears the name's count.
 * Failure policy: when Redis cannot answer, this instance counts in its own memory (an attacker then gets
 * the limit once per instance, not without limit).
 */
@Component
public class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final LuaScript CHECK = LuaScript.load("/gleaner/operator/lua/check.lua");
    private static final LuaScript FAIL = LuaScript.load("/gleaner/operator/lua/fail.lua");

    private final RedisClusterReactiveCommands<String, String> redis;
    private final String prefix;
    private final int maxFailures;
    private final Duration lockout;
    private final Cache<String, Integer> local;

    public SignInThrottle(RedisConnector redis, CoreProperties core, OperatorProperties properties) {
        this.redis = redis.reactive();
        this.prefix = core.redisNamespace() + ":{sign-in}:";
        this.maxFailures = properties.maxFailures();
        this.lockout = properties.lockout();
        this.local = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(lockout).build();
    }

    /** Refuses with {@link SignInThrottledException} when the name or the address has used up its failures. */
    public Mono<Void> check(String username, String address) {
        String[] keys = keys(username, address);
        return CHECK.<Long>run(redis, ScriptOutputType.INTEGER, keys, Integer.toString(maxFailures)).next()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("sign-in failures counted in this instance's memory (Redis: {})", e.toString());
                    return Mono.just(Arrays.stream(keys).anyMatch(key -> local.asMap().getOrDefault(key, 0) >= maxFailures)
                            ? lockout.toMillis() : 0L);
                })
                .filter(millis -> millis > 0)
                .flatMap(millis -> Mono.error(new SignInThrottledException("too many failed sign-ins for '" + username
                        + "' or from this address; try again in " + Math.max(1, millis / 1000) + " s",
                        Duration.ofMillis(Math.max(1000, millis)))));
    }

    /** Counts a failed sign-in against the name and the address. */
    public Mono<Void> failed(String username, String address) {
        String[] keys = keys(username, address);
        Arrays.stream(keys).forEach(key -> local.asMap().merge(key, 1, Integer::sum));
        return FAIL.<String>run(redis, ScriptOutputType.STATUS, keys, Long.toString(lockout.toMillis())).then()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("a failed sign-in was counted in this instance's memory only (Redis: {})", e.toString());
                    return Mono.empty();
                });
    }

    /** Clears the name's failures after it signed in. */
    public Mono<Void> succeeded(String username) {
        String key = prefix + "user:" + username;
        local.invalidate(key);
        return redis.del(key).then().timeout(TIMEOUT).onErrorResume(e -> Mono.empty());
    }

    private String[] keys(String username, String address) {
        return address == null || address.isBlank() ? new String[] {prefix + "user:" + username}
                : new String[] {prefix + "user:" + username, prefix + "address:" + address};
    }
}

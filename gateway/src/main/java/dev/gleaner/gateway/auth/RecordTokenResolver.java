package dev.gleaner.gateway.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.client.token.TokenRecord;
import dev.gleaner.gateway.config.GatewayRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves a token without a database round trip: from a small local cache (each answer is kept for
 * {@code ttl}, 1 s by default), else from the token's record that core-api wrote in Redis, else, when
 * Redis has none or cannot answer, from core-api itself. A token that does not have the minted shape is
 * inactive without any look-up. The cache is keyed by the public id and the hash of the secret (the
 * token is never kept), bounded, and evicts entries one by one; concurrent checks of one token share
 * one look-up; a failed look-up is not cached. A revocation reaches Redis before it commits, so every gateway refuses the
 * token within {@code ttl} of it.
 */
public final class RecordTokenResolver implements TokenResolver {

    private static final long MAX_ENTRIES = 100_000;
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GatewayRedis redis;
    private final String namespace;
    private final TokenResolver coreApi;
    private final AsyncCache<String, TokenIntrospection> cache;
    private final Counter fromRedis;
    private final Counter fromCoreApi;
    private final Counter redisFailed;

    public RecordTokenResolver(GatewayRedis redis, String namespace, TokenResolver coreApi, Duration ttl,
            MeterRegistry meters) {
        this.redis = redis;
        this.namespace = namespace;
        this.coreApi = coreApi;
        this.cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).buildAsync();
        this.fromRedis = lookups(meters, "redis");
        this.fromCoreApi = lookups(meters, "core-api");
        this.redisFailed = lookups(meters, "redis-failed");
    }

    /** {@code gleaner_gateway_token_lookups_total{source}}: look-ups past the local cache, by where they were answered. */
    private static Counter lookups(MeterRegistry meters, String source) {
        return Counter.builder("gleaner.gateway.token.lookups").tag("source", source)
                .description("Token look-ups the local cache could not answer, by what answered them").register(meters);
    }

    @Override
    public Mono<TokenIntrospection> resolve(String token) {
        return ApiTokenFormat.parse(token)
                .map(parsed -> {
                    String key = TokenRecord.key(namespace, ApiTokenFormat.hash(parsed.secret()));
                    // the public id is part of what was presented: another one with the same secret is another token
                    return Mono.fromFuture(() -> cache.get(parsed.publicId() + key,
                            (k, executor) -> lookUp(key, parsed, token).toFuture()), true);
                })
                .orElseGet(() -> Mono.just(TokenIntrospection.inactive()));
    }

    private Mono<TokenIntrospection> lookUp(String key, ApiTokenFormat.Parsed parsed, String token) {
        return redis.commands()
                .flatMap(commands -> commands.get(key))
                .timeout(REDIS_TIMEOUT)
                .map(json -> JSON.readValue(json, TokenRecord.class).introspection(parsed))
                .doOnNext(found -> fromRedis.increment())
                .onErrorResume(e -> {
                    redisFailed.increment();
                    return Mono.empty();
                })
                .switchIfEmpty(Mono.defer(() -> {
                    fromCoreApi.increment();
                    return coreApi.resolve(token);
                }));
    }
}

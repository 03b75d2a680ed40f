package dev.gleaner.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.web.RequestIds;
import reactor.core.publisher.Mono;

/**
 * Asks core-api's internal introspection endpoint (load-balanced, gateway-signed) and keeps
 * each answer for a few seconds, keyed by a hash of the token (the token itself is never kept).
 * Unknown tokens are cached too, so a flood of bad tokens does not reach core-api each time.
 */
public final class CoreTokenResolver implements TokenResolver {

    private static final int MAX_ENTRIES = 100_000;

    private record Cached(TokenIntrospection introspection, long expiresAtNanos) {
    }

    private final WebClient coreApi;
    private final IdentitySigner signer;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param coreApi a load-balanced client whose base URL is {@code lb://core-api} */
    public CoreTokenResolver(WebClient coreApi, IdentitySigner signer, Duration ttl) {
        this.coreApi = coreApi;
        this.signer = signer;
        this.ttl = ttl;
    }

    @Override
    public Mono<TokenIntrospection> resolve(String token) {
        String key = sha256(token);
        Cached cached = cache.get(key);
        long now = System.nanoTime();
        if (cached != null && cached.expiresAtNanos() - now > 0) {
            return Mono.just(cached.introspection());
        }
        String requestId = UUID.randomUUID().toString();
        long timestamp = signer.now();
        return coreApi.post()
                .uri(IntrospectionRequest.PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .header(RequestIds.HEADER, requestId)
                .header(IdentityHeaders.PRINCIPAL, IdentityHeaders.GATEWAY_SERVICE)
                .header(IdentityHeaders.TIMESTAMP, Long.toString(timestamp))
                .header(IdentityHeaders.SIGNATURE, signer.sign(IdentityHeaders.GATEWAY_SERVICE, timestamp, "POST",
                        IntrospectionRequest.PATH, requestId))
                .bodyValue(new IntrospectionRequest(token))
                .retrieve()
                .bodyToMono(TokenIntrospection.class)
                .timeout(Duration.ofSeconds(5))
                .doOnNext(result -> remember(key, result));
    }

    private void remember(String key, TokenIntrospection result) {
        if (cache.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            cache.values().removeIf(c -> c.expiresAtNanos() - now <= 0);
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(result, System.nanoTime() + ttl.toNanos()));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}

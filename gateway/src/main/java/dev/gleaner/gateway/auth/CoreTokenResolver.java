package dev.gleaner.gateway.auth;

import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.web.RequestIds;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks core-api's internal introspection endpoint (load-balanced, gateway-signed) and keeps
 * each answer for a few seconds, keyed by a hash of the token (the token itself is never kept).
 * A token that does not have the minted shape is inactive without any look-up. Unknown tokens
 * are cached too; concurrent checks of one token share one look-up; the cache is bounded and
 * evicts the least useful entries one by one (never all at once). A failed look-up is not cached.
 */
public final class CoreTokenResolver implements TokenResolver {

    private static final long MAX_ENTRIES = 100_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebClient coreApi;
    private final IdentitySigner signer;
    private final AsyncCache<String, TokenIntrospection> cache;

    /** @param coreApi a load-balanced client whose base URL is {@code lb://core-api} */
    public CoreTokenResolver(WebClient coreApi, IdentitySigner signer, Duration ttl) {
        this.coreApi = coreApi;
        this.signer = signer;
        this.cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).expireAfterWrite(ttl).buildAsync();
    }

    @Override
    public Mono<TokenIntrospection> resolve(String token) {
        if (ApiTokenFormat.parse(token).isEmpty()) {
            return Mono.just(TokenIntrospection.inactive());
        }
        String key = HexFormat.of().formatHex(ApiTokenFormat.hash(token));
        return Mono.fromFuture(() -> cache.get(key, (k, executor) -> introspect(token).toFuture()), true);
    }

    private Mono<TokenIntrospection> introspect(String token) {
        String requestId = UUID.randomUUID().toString();
        long timestamp = signer.now();
        byte[] body = JSON.writeValueAsBytes(new IntrospectionRequest(token));
        return coreApi.post()
                .uri(IntrospectionRequest.PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .header(RequestIds.HEADER, requestId)
                .header(IdentityHeaders.PRINCIPAL, IdentityHeaders.GATEWAY_SERVICE)
                .header(IdentityHeaders.TIMESTAMP, Long.toString(timestamp))
                .header(IdentityHeaders.SIGNATURE, signer.sign(IdentityHeaders.GATEWAY_SERVICE, timestamp,
                        new SignedRequest("POST", IntrospectionRequest.PATH, requestId, SignedRequest.digest(body))))
                .bodyValue(body)
                .retrieve()
                .bodyToMono(TokenIntrospection.class)
                .timeout(TIMEOUT)
                // an instance that cannot be reached (gone, not yet out of rotation): the next one, twice at most
                .retryWhen(Retry.max(2).filter(WebClientRequestException.class::isInstance));
    }
}

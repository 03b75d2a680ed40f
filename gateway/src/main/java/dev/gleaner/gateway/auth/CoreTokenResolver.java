package dev.gleaner.gateway.auth;

import java.time.Duration;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.web.RequestIds;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks core-api's internal introspection endpoint (load-balanced, gateway-signed), which reads the
 * database (and puts the token's record back in Redis). Used when Redis has no record of a token.
 */
public final class CoreTokenResolver implements TokenResolver {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebClient coreApi;
    private final IdentitySigner signer;

    /** @param coreApi a load-balanced client whose base URL is {@code lb://core-api} */
    public CoreTokenResolver(WebClient coreApi, IdentitySigner signer) {
        this.coreApi = coreApi;
        this.signer = signer;
    }

    @Override
    public Mono<TokenIntrospection> resolve(String token) {
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

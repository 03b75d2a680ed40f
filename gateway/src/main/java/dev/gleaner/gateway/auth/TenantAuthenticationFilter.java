package dev.gleaner.gateway.auth;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.client.WebClientException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import dev.gleaner.core.client.docs.ApiDocs;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.gateway.AccessLog;
import dev.gleaner.gateway.ratelimit.AddressBuckets;
import dev.gleaner.gateway.ratelimit.RateLimitHeaders;
import dev.gleaner.gateway.ratelimit.RateLimiter;
import dev.gleaner.gateway.ratelimit.RouteFamily;
import dev.gleaner.web.CachedBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import dev.gleaner.web.Problems;
import dev.gleaner.web.RequestIdWebFilter;
import dev.gleaner.web.RoutedPath;
import dev.gleaner.web.Traces;
import reactor.core.publisher.Mono;

/**
 * Every routed request but the API's public description ({@link ApiDocs}) must carry
 * {@code Authorization: Bearer <API token>}. A valid token's
 * tenant goes on to core-api in signed identity headers; the token itself does not. Identity
 * headers a client sends are dropped. When core-api cannot be asked about a token, the request
 * is refused with 503 (fail closed: no unauthenticated traffic reaches core-api). A tenant's request
 * then takes a token of its plan's bucket for the route's family ({@link RateLimiter}); a client
 * address that keeps failing authentication is refused before any look-up ({@link AddressBuckets}).
 */
public final class TenantAuthenticationFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TenantAuthenticationFilter.class);
    private static final String BEARER = "bearer ";
    private static final String ADMIN_AREA = "admin";
    /** Public API bodies are small JSON documents. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final TokenResolver tokens;
    private final IdentitySigner signer;
    private final RateLimiter limits;
    private final AddressBuckets failures;
    private final AddressBuckets admin;
    private final LastUsed lastUsed;
    private final MeterRegistry meters;

    public TenantAuthenticationFilter(TokenResolver tokens, IdentitySigner signer, RateLimiter limits,
            AddressBuckets failures, AddressBuckets admin, LastUsed lastUsed, MeterRegistry meters) {
        this.lastUsed = lastUsed;
        this.tokens = tokens;
        this.signer = signer;
        this.limits = limits;
        this.failures = failures;
        this.admin = admin;
        this.meters = meters;
    }

    /** {@code gleaner_gateway_auth_failures_total{reason}}: blocked, malformed, inactive, unavailable. */
    private void authFailed(String reason) {
        Counter.builder("gleaner.gateway.auth.failures").tag("reason", reason)
                .description("Requests refused for their authentication, by why").register(meters).increment();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Optional<RoutedPath> routed = RoutedPath.of(exchange.getRequest().getPath());
        if (routed.map(p -> ApiDocs.isDocs(p.segments())).orElse(false)) {
            return chain.filter(anonymous(exchange));
        }
        String address = clientAddress(exchange);
        // decided on the decoded path, as the router decides: /%61dmin is the admin API too
        if (routed.map(p -> p.area().equals(ADMIN_AREA)).orElse(false)) {
            return toAdminApi(exchange, chain, address);
        }
        long blocked = failures.blockedFor(address);
        if (blocked > 0) {
            authFailed("blocked");
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(blocked));
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentications",
                    "this address sent too many requests without a valid API token; retry after " + blocked + " s");
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            failures.take(address);
            authFailed("malformed");
            return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthenticated",
                    "send your API token as 'Authorization: Bearer <token>'");
        }
        String token = authorization.substring(BEARER.length()).strip();
        return tokens.resolve(token)
                .flatMap(introspection -> {
                    if (!introspection.active()) {
                        failures.take(address);
                        authFailed("inactive");
                        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthenticated",
                                "the API token is unknown or revoked");
                    }
                    exchange.getAttributes().put(AccessLog.TENANT, introspection.tenantId());
                    Traces.tag(exchange, "tenant", introspection.tenantId().toString());
                    lastUsed.touch(token);
                    RouteFamily family = RouteFamily.of(exchange.getRequest().getMethod(),
                            exchange.getRequest().getPath().pathWithinApplication().value());
                    return limits.admit(introspection, family).flatMap(decision -> switch (decision) {
                        case RateLimiter.Admitted admitted -> {
                            RateLimitHeaders.write(exchange.getResponse().getHeaders(), admitted);
                            yield forward(exchange, chain, introspection, token, address);
                        }
                        case RateLimiter.Limited limited -> {
                            Counter.builder("gleaner.gateway.rate.limited").tag("tenant", introspection.tenantId().toString())
                                    .tag("route", family.wire()).description("Requests refused over their plan's rate")
                                    .register(meters).increment();
                            RateLimitHeaders.write(exchange.getResponse().getHeaders(), limited);
                            yield Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Rate limited",
                                    "the plan allows " + limited.rate().perSecond() + " requests a second (bursts of "
                                            + limited.rate().burst() + ") on the " + family.wire()
                                            + " routes; retry after " + limited.retryAfterSeconds() + " s");
                        }
                        case RateLimiter.Unlimited unlimited -> forward(exchange, chain, introspection, token, address);
                        case RateLimiter.Unavailable unavailable -> unavailable.admitted()
                                ? forward(exchange, chain, introspection, token, address)
                                : Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Rate limits unavailable",
                                        "rate limits cannot be checked right now; retry shortly");
                    });
                })
                .onErrorResume(e -> !exchange.getResponse().isCommitted() && isIntrospectionFailure(e), e -> {
                    log.warn("token introspection failed: {}", e.toString());
                    authFailed("unavailable");
                    return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Authentication unavailable",
                            "API tokens cannot be checked right now; retry shortly");
                });
    }

    /**
     * The admin API through the one public door: its bearer (the admin API key) goes on untouched for
     * core-api to check; identity headers a client sent are dropped; each address has its own allowance,
     * and a refused key counts as a failed authentication.
     */
    private Mono<Void> toAdminApi(ServerWebExchange exchange, GatewayFilterChain chain, String address) {
        long wait = Math.max(admin.blockedFor(address), failures.blockedFor(address));
        if (wait > 0) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Rate limited",
                    "too many admin API requests from this address; retry after " + wait + " s");
        }
        admin.take(address);
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(TenantAuthenticationFilter::dropIdentityHeaders).build();
        ServerWebExchange forwarded = exchange.mutate().request(request).build();
        return chain.filter(forwarded).doFinally(signal -> {
            if (HttpStatus.UNAUTHORIZED.equals(forwarded.getResponse().getStatusCode())) {
                failures.take(address);
                authFailed("admin-key");
            }
        });
    }

    /** The address the request came from (the load balancer's, behind one: see the README). */
    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    /** The API's public description goes on with no credentials and no identity at all. */
    private static ServerWebExchange anonymous(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> {
            h.remove(HttpHeaders.AUTHORIZATION);
            dropIdentityHeaders(h);
        }).build();
        return exchange.mutate().request(request).build();
    }

    /** Identity headers are the gateway's to set: whatever a client sent under their prefix goes. */
    private static void dropIdentityHeaders(HttpHeaders headers) {
        headers.headerNames().stream()
                .filter(n -> n.regionMatches(true, 0, IdentityHeaders.PREFIX, 0, IdentityHeaders.PREFIX.length()))
                .toList().forEach(headers::remove);
    }

    private static boolean isIntrospectionFailure(Throwable e) {
        return e instanceof WebClientException
                || e instanceof TimeoutException;
    }

    /** Reads the body (so its digest can be signed), then forwards the request with the tenant's signed identity. */
    private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, TokenIntrospection introspection,
            String token, String address) {
        // core-api's audit log names the token (its public id, never the secret) and the address the request came from
        IdentityHeaders.TenantCaller caller = new IdentityHeaders.TenantCaller(introspection.tenantId(),
                ApiTokenFormat.parse(token).map(ApiTokenFormat.Parsed::publicId).orElse(null), address);
        return CachedBody.read(exchange.getRequest(), MAX_BODY_BYTES)
                .flatMap(body -> chain.filter(withIdentity(exchange, body, caller)))
                .onErrorResume(DataBufferLimitException.class, e -> Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                        "Request too large", "request bodies may be at most " + MAX_BODY_BYTES / 1024 + " KiB"));
    }

    private ServerWebExchange withIdentity(ServerWebExchange exchange, CachedBody body,
            IdentityHeaders.TenantCaller caller) {
        ServerHttpRequest request = withoutTokenParameters(body.request());
        String principal = caller.principal();
        long timestamp = signer.now();
        String signature = signer.sign(principal, timestamp, new SignedRequest(request.getMethod().name(),
                SignedRequest.target(request.getURI().getRawPath(), request.getURI().getRawQuery()),
                RequestIdWebFilter.of(exchange), SignedRequest.digest(body.bytes())));
        ServerHttpRequest signed = request.mutate().headers(h -> {
            h.remove(HttpHeaders.AUTHORIZATION);
            dropIdentityHeaders(h);
            h.set(IdentityHeaders.PRINCIPAL, principal);
            h.set(IdentityHeaders.TIMESTAMP, Long.toString(timestamp));
            h.set(IdentityHeaders.SIGNATURE, signature);
        }).build();
        return exchange.mutate().request(signed).build();
    }

    /**
     * Tokens travel only in the Authorization header: a {@code token} or {@code access_token} query parameter is
     * never read, and is taken off the request before it goes on (so no log downstream holds it).
     */
    static ServerHttpRequest withoutTokenParameters(ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        if (query == null || !query.toLowerCase(Locale.ROOT).contains("token=")) {
            return request;
        }
        String kept = Arrays.stream(query.split("&"))
                .filter(pair -> {
                    String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                    return !name.equals("token") && !name.equals("access_token");
                })
                .collect(Collectors.joining("&"));
        URI uri = UriComponentsBuilder.fromUri(request.getURI()).replaceQuery(kept.isEmpty() ? null : kept)
                .build(true).toUri();
        return request.mutate().uri(uri).build();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}

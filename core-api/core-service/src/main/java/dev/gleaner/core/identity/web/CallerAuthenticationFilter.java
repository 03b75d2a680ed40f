package dev.gleaner.core.identity.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.UUID;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.core.client.docs.ApiDocs;
import dev.gleaner.core.config.CoreProperties;
import dev.gleaner.core.config.JobsProperties;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.identity.ReplayGuard;
import dev.gleaner.core.identity.OperatorRoles;
import dev.gleaner.web.CachedBody;
import dev.gleaner.web.Problems;
import dev.gleaner.web.RequestIdWebFilter;
import dev.gleaner.web.RequestIds;
import dev.gleaner.web.RoutedPath;
import dev.gleaner.web.Traces;
import reactor.core.publisher.Mono;

/**
 * Decides who is calling, before any controller runs, on the path as the router reads it
 * ({@link RoutedPath}: decoded, parameters dropped; ambiguous paths are refused):
 * <ul>
 * <li>{@code /v1/openapi.json} and {@code /v1/docs/**} ({@link ApiDocs}): anyone, the API's description;</li>
 * <li>{@code /v1/**}: only through the gateway, as a tenant, with a valid identity signature over method,
 * path, query, request id and body, and a request id not used before;</li>
 * <li>{@code /internal/**}: only the gateway itself, with a valid identity signature;</li>
 * <li>{@code /admin/**}: the admin API key as a bearer token; when {@code X-Gleaner-Operator} names an operator
 * (admin-ui does), that operator must exist, and a viewer may only read.</li>
 * </ul>
 * {@code /actuator/**} (health, metrics) passes untouched; any other path is answered 404 here, and so is every path
 * but {@code /actuator/**} on an instance whose API role is off ({@link JobsProperties#api()}).
 * Each controller checks its caller's kind again ({@link CallerPrincipal#require}).
 */
@Component
public class CallerAuthenticationFilter implements WebFilter, Ordered {

    private static final String BEARER = "Bearer ";
    private static final Pattern OPERATOR_NAME = Pattern.compile("[a-z0-9._@-]{1,64}");

    /** API bodies are small JSON documents. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(20);

    private final IdentitySigner signer;
    private final ReplayGuard replays;
    private final byte[] adminKey;
    private final boolean servesApi;
    private final OperatorRoles operators;

    public CallerAuthenticationFilter(IdentitySigner signer, ReplayGuard replays, CoreProperties properties,
            JobsProperties roles, OperatorRoles operators) {
        this.operators = operators;
        this.signer = signer;
        this.replays = replays;
        this.adminKey = properties.adminApiKey().getBytes(StandardCharsets.UTF_8);
        this.servesApi = roles.api();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Optional<RoutedPath> routed = RoutedPath.of(exchange.getRequest().getPath());
        if (routed.isEmpty()) {
            return RoutedPath.refuse(exchange);
        }
        String area = routed.get().area();
        if (!servesApi && !area.equals("actuator")) {
            return Problems.write(exchange, HttpStatus.NOT_FOUND, "Not found",
                    "this instance only runs jobs (GLEANER_API_ENABLED=false)");
        }
        if (ApiDocs.isDocs(routed.get().segments())) {
            return chain.filter(exchange); // the public API's description: nothing to authenticate
        }
        return switch (area) {
            case "v1", "internal" -> fromTheGateway(exchange, chain, routed.get().area().equals("internal"));
            case "admin" -> isAdmin(exchange.getRequest())
                    ? asOperator(exchange, chain)
                    : Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthenticated",
                            "the admin API needs 'Authorization: Bearer <admin API key>'");
            case "actuator" -> chain.filter(exchange);
            // default deny: whatever is not one of the areas above is not served to anyone
            default -> Problems.write(exchange, HttpStatus.NOT_FOUND, "Not found", "no such endpoint");
        };
    }

    /**
     * An admin API call: for the operator {@code X-Gleaner-Operator} names (who must exist; a viewer may only
     * read), or for a script when none is named.
     */
    private Mono<Void> asOperator(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> named = exchange.getRequest().getHeaders().getOrEmpty(AdminApi.OPERATOR_HEADER);
        if (named.isEmpty()) {
            return proceed(exchange, chain, new CallerPrincipal.Admin(null));
        }
        String operator = named.getFirst().strip().toLowerCase(Locale.ROOT);
        if (named.size() > 1 || !OPERATOR_NAME.matcher(operator).matches()) {
            return Problems.write(exchange, HttpStatus.BAD_REQUEST, "Invalid input",
                    AdminApi.OPERATOR_HEADER + ": must name one operator");
        }
        return operators.roleOf(operator).flatMap(role -> {
            if (role.isEmpty()) {
                return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthenticated",
                        "there is no operator '" + operator + "'");
            }
            HttpMethod method = exchange.getRequest().getMethod();
            if (OperatorView.VIEWER.equals(role.get()) && !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
                return Problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden",
                        "operator '" + operator + "' is a viewer: viewers may look but not change anything");
            }
            return proceed(exchange, chain, new CallerPrincipal.Admin(operator));
        });
    }

    private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, CallerPrincipal principal) {
        exchange.getAttributes().put(CallerPrincipal.ATTRIBUTE, principal);
        if (principal instanceof CallerPrincipal.Tenant tenant) {
            Traces.tag(exchange, "tenant", tenant.tenantId().toString());
            return chain.filter(exchange)
                    .contextWrite(ctx -> ctx.put(RequestIds.TENANT_MDC_KEY, tenant.tenantId().toString()));
        }
        return chain.filter(exchange);
    }

    /**
     * A request the gateway signed: the signature must cover exactly this method, path, query, request id
     * and body, and the request id must not have been used before within the signature's window.
     */
    private Mono<Void> fromTheGateway(ServerWebExchange exchange, WebFilterChain chain, boolean internal) {
        return CachedBody.read(exchange.getRequest(), MAX_BODY_BYTES)
                .timeout(BODY_TIMEOUT, Mono.error(() -> new IllegalStateException("request body not received within "
                        + BODY_TIMEOUT)))
                .flatMap(body -> {
                    ServerWebExchange withBody = exchange.mutate().request(body.request()).build();
                    Optional<CallerPrincipal> principal = gatewayCaller(withBody, body.bytes(), internal);
                    if (principal.isEmpty()) {
                        return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthenticated",
                                "this endpoint is reached only through the Gleaner gateway");
                    }
                    return replays.firstUse(RequestIdWebFilter.of(exchange), signer.maxSkew())
                            .flatMap(first -> first ? proceed(withBody, chain, principal.get())
                                    : Problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthenticated",
                                            "this signed request was already used"));
                })
                .onErrorResume(DataBufferLimitException.class, e -> Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE,
                        "Request too large", "request bodies may be at most " + MAX_BODY_BYTES / 1024 + " KiB"));
    }

    private Optional<CallerPrincipal> gatewayCaller(ServerWebExchange exchange, byte[] body, boolean internal) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String principal = headers.getFirst(IdentityHeaders.PRINCIPAL);
        SignedRequest signed = new SignedRequest(request.getMethod().name(),
                SignedRequest.target(request.getURI().getRawPath(), request.getURI().getRawQuery()),
                RequestIdWebFilter.of(exchange), SignedRequest.digest(body));
        boolean valid = signer.verify(principal, headers.getFirst(IdentityHeaders.TIMESTAMP), signed,
                headers.getFirst(IdentityHeaders.SIGNATURE));
        if (!valid) {
            return Optional.empty();
        }
        if (internal) {
            return IdentityHeaders.GATEWAY_SERVICE.equals(principal)
                    ? Optional.of(new CallerPrincipal.Service("gateway"))
                    : Optional.empty();
        }
        if (!principal.startsWith(IdentityHeaders.TENANT_PREFIX)) {
            return Optional.empty();
        }
        try {
            IdentityHeaders.TenantCaller caller = IdentityHeaders.TenantCaller.parse(principal);
            return Optional.of(new CallerPrincipal.Tenant(caller.tenantId(), caller.tokenId(), caller.clientAddress()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean isAdmin(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, adminKey);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}

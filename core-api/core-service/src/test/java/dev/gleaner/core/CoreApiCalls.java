package dev.gleaner.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.devstack.infra.PostgresCoordinates;
import dev.gleaner.testsupport.TestPostgres;
import tools.jackson.databind.json.JsonMapper;

/** How the tests call core-api: as admin-ui does (the admin key) and as the gateway does (signed identity). */
public final class CoreApiCalls {

    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final String SECRET = "test-identity-secret-0123456789";
    /** The first admin operator's password (the operator is {@code admin}). */
    public static final String FIRST_ADMIN_PASSWORD = "first-admin-password-0123";

    private final WebTestClient web;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdentitySigner signer = new IdentitySigner(SECRET);

    public CoreApiCalls(WebTestClient web) {
        this.web = web;
    }

    /** The shared test PostgreSQL and the secrets above, for a core-api test context. */
    public static void register(DynamicPropertyRegistry registry) {
        register(registry, TestPostgres.get());
    }

    /** {@code db} and the secrets above, for a core-api test context. */
    public static void register(DynamicPropertyRegistry registry, PostgresCoordinates db) {
        registry.add("spring.r2dbc.url", db::r2dbcUrl);
        registry.add("spring.r2dbc.username", db::user);
        registry.add("spring.r2dbc.password", db::password);
        registry.add("spring.flyway.url", db::jdbcUrl);
        registry.add("spring.flyway.user", db::user);
        registry.add("spring.flyway.password", db::password);
        registry.add("gleaner.core.admin-api-key", () -> ADMIN_KEY);
        registry.add("gleaner.core.identity-secret", () -> SECRET);
        registry.add("gleaner.core.operators.first-admin-password", () -> FIRST_ADMIN_PASSWORD);
        // Every fixture but the gate's is on 127.0.0.1, one domain to the policy gate: tests that are not about the
        // gate must be neither slowed by its default rate nor cut off by its breaker after their deliberate failures.
        // The gate's own tests set 127.0.0.3's policy through the admin API.
        registry.add("gleaner.core.domains.rate", () -> "1000");
        registry.add("gleaner.core.domains.burst", () -> "1000");
        registry.add("gleaner.core.domains.max-concurrency", () -> "1000");
        registry.add("gleaner.core.domains.breaker-failures", () -> "1000");
        registry.add("gleaner.core.domains.block-pause-after", () -> "0");
        registry.add("gleaner.core.domains.breaker-open", () -> "2s");
    }

    public WebTestClient admin() {
        return web.mutate().defaultHeader("Authorization", "Bearer " + ADMIN_KEY).build();
    }

    /** The admin API as admin-ui calls it for a signed-in operator. */
    public WebTestClient asOperator(String username) {
        return web.mutate().defaultHeader("Authorization", "Bearer " + ADMIN_KEY)
                .defaultHeader("X-Gleaner-Operator", username).build();
    }

    public TenantView createTenant(String name) {
        return admin().post().uri("/admin/v1/tenants").bodyValue(Map.of("name", name)).exchange()
                .expectStatus().isCreated().expectBody(TenantView.class).returnResult().getResponseBody();
    }

    /** A POST as the gateway sends it: signed over method, path, a fresh request id and the exact body bytes. */
    public WebTestClient.RequestHeadersSpec<?> signedPost(String principal, String path, Object body) {
        return signedPost(principal, path, UUID.randomUUID().toString(), body);
    }

    public WebTestClient.RequestHeadersSpec<?> signedPost(String principal, String path, String requestId, Object body) {
        byte[] bytes = body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        long ts = signer.now();
        return web.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-Id", requestId)
                .header(IdentityHeaders.PRINCIPAL, principal)
                .header(IdentityHeaders.TIMESTAMP, Long.toString(ts))
                .header(IdentityHeaders.SIGNATURE, signer.sign(principal, ts,
                        new SignedRequest("POST", path, requestId, SignedRequest.digest(bytes))))
                .bodyValue(bytes);
    }

    /** A GET as the gateway sends it: signed over method, path (with its query), a fresh request id and the empty body. */
    public WebTestClient.RequestHeadersSpec<?> signedGet(String principal, String path) {
        return signed(HttpMethod.GET, principal, path);
    }

    /** A DELETE as the gateway sends it. */
    public WebTestClient.RequestHeadersSpec<?> signedDelete(String principal, String path) {
        return signed(HttpMethod.DELETE, principal, path);
    }

    private WebTestClient.RequestHeadersSpec<?> signed(HttpMethod method, String principal, String path) {
        String requestId = UUID.randomUUID().toString();
        long ts = signer.now();
        return web.method(method).uri(path)
                .header("X-Request-Id", requestId)
                .header(IdentityHeaders.PRINCIPAL, principal)
                .header(IdentityHeaders.TIMESTAMP, Long.toString(ts))
                .header(IdentityHeaders.SIGNATURE, signer.sign(principal, ts,
                        new SignedRequest(method.name(), path, requestId, SignedRequest.digest(new byte[0]))));
    }
}

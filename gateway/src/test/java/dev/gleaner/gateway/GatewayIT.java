package dev.gleaner.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.testsupport.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;

/** The gateway in front of a stub core-api: what it lets through, what it forwards, what it refuses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "60s")
@ExtendWith(OutputCaptureExtension.class)
class GatewayIT {

    private static final String SECRET = "gateway-it-identity-secret-0123";
    private static final StubCoreApi CORE = new StubCoreApi();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("gleaner.gateway.core-api-urls", () -> "http://127.0.0.1:" + CORE.port());
        registry.add("gleaner.gateway.identity-secret", () -> SECRET);
        registry.add("gleaner.gateway.redis-url", TestRedis::url);
        // these tests send many requests without a valid token from one address on purpose
        registry.add("gleaner.gateway.auth-failures-burst", () -> "100000");
        registry.add("gleaner.gateway.admin-burst", () -> "5");
        registry.add("gleaner.gateway.admin-per-second", () -> "1");
    }

    @AfterAll
    static void stopCore() {
        CORE.close();
    }

    @Autowired
    WebTestClient web;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    @BeforeEach
    void coreApiIsSeenHealthy() {
        // the load balancer only routes to instances whose health check passed once
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            CORE.forwarded.clear();
            web.get().uri("/v1/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN).exchange();
            return !CORE.forwarded.isEmpty();
        });
        CORE.forwarded.clear();
    }

    @Test
    void eachRequestIsLoggedAndCountedByTenantRouteAndStatusWithoutItsToken(CapturedOutput output) {
        double malformed = meters.find("gleaner.gateway.auth.failures").tag("reason", "malformed").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        web.get().uri("/v1/jobs?status=queued").header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .exchange().expectStatus().isOk();
        web.get().uri("/v1/jobs").header(HttpHeaders.AUTHORIZATION, "Basic abc").exchange().expectStatus().isUnauthorized();

        assertThat(meters.get("gleaner.gateway.requests").tag("tenant", StubCoreApi.TENANT.toString()).tag("route", "read")
                .tag("status", "200").timer().count()).isPositive();
        assertThat(meters.get("gleaner.gateway.requests").tag("tenant", "none").tag("status", "401").timer().count())
                .isPositive();
        assertThat(meters.get("gleaner.gateway.auth.failures").tag("reason", "malformed").counter().count())
                .isEqualTo(malformed + 1);
        assertThat(meters.get("gleaner.gateway.upstream").timer().count()).isPositive();
        java.util.function.Predicate<String> jobsLine = l -> l.contains("gleaner.access") && l.contains("/v1/jobs")
                && l.contains(StubCoreApi.TENANT.toString());
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().lines().anyMatch(jobsLine));
        String line = output.getOut().lines().filter(jobsLine).findFirst().orElseThrow();
        assertThat(line).contains("\"route\":\"read\"").contains("\"status\":200").contains("\"path\":\"/v1/jobs\"")
                .contains("latencyMs").contains("requestId").doesNotContain(StubCoreApi.VALID_TOKEN)
                .doesNotContain("status=queued");
    }

    @Test
    void aTokenInTheQueryIsNeitherReadNorPassedOn() {
        web.get().uri("/v1/jobs?token=" + StubCoreApi.VALID_TOKEN).exchange().expectStatus().isUnauthorized();
        web.get().uri("/v1/jobs?access_token=" + StubCoreApi.VALID_TOKEN).exchange().expectStatus().isUnauthorized();
        assertThat(CORE.forwarded).isEmpty();

        web.get().uri("/v1/jobs?status=queued&access_token=leaked&Token=leaked2&limit=5")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN).exchange().expectStatus().isOk();
        StubCoreApi.Received received = CORE.forwarded.poll();
        assertThat(received).isNotNull();
        assertThat(received.rawPath()).isEqualTo("/v1/jobs?status=queued&limit=5");
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413ProblemAndNeverForwarded() {
        String huge = "{\"url\":\"" + "x".repeat(1024 * 1024) + "\"}";
        web.post().uri("/v1/scrape").header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(huge)
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Request too large")
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains("1024 KiB"));
        assertThat(CORE.forwarded).as("nothing reached core-api").isEmpty();
    }

    @Test
    void aTenantsRequestReachesCoreApiSignedAndWithoutTheTokenOrAnyIdentityHeaderTheClientSent() {
        web.post().uri("/v1/scrape?x=1").header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .header(IdentityHeaders.PRINCIPAL, "service:gateway")
                .header(IdentityHeaders.SIGNATURE, "forged")
                .header("x-gleaner-anything", "smuggled")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"url\":\"x\"}")
                .exchange().expectStatus().isOk();

        StubCoreApi.Received received = CORE.forwarded.poll();
        assertThat(received).isNotNull();
        assertThat(received.header(HttpHeaders.AUTHORIZATION)).isNull();
        assertThat(received.header("x-gleaner-anything")).isNull();
        // the tenant, with the token's public id (never its secret) and the address the gateway saw, for the audit log
        String publicId = ApiTokenFormat.parse(StubCoreApi.VALID_TOKEN).orElseThrow().publicId();
        assertThat(received.headers().get(IdentityHeaders.PRINCIPAL.toLowerCase()))
                .containsExactly("tenant:" + StubCoreApi.TENANT + ";token=" + publicId + ";client=127.0.0.1");
        assertThat(received.header(IdentityHeaders.PRINCIPAL))
                .doesNotContain(ApiTokenFormat.parse(StubCoreApi.VALID_TOKEN).orElseThrow().secret());
        assertThat(received.headers().get(IdentityHeaders.SIGNATURE.toLowerCase())).hasSize(1);
        assertThat(new String(received.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"url\":\"x\"}");
        assertThat(new IdentitySigner(SECRET).verify(received.header(IdentityHeaders.PRINCIPAL),
                received.header(IdentityHeaders.TIMESTAMP), new SignedRequest("POST", "/v1/scrape?x=1",
                        received.header("X-Request-Id"), SignedRequest.digest(received.body())),
                received.header(IdentityHeaders.SIGNATURE))).as("signed over path, query, request id and body").isTrue();
    }

    @Test
    void theApiDescriptionIsPublicAndGoesOnWithoutCredentialsOrIdentity() {
        int before = CORE.introspections.get();
        web.get().uri("/v1/openapi.json").header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .header(IdentityHeaders.PRINCIPAL, "service:gateway")
                .exchange().expectStatus().isOk();
        web.get().uri("/v1/docs/index.html").exchange().expectStatus().isOk();

        StubCoreApi.Received document = CORE.forwarded.poll();
        assertThat(document.rawPath()).isEqualTo("/v1/openapi.json");
        assertThat(document.header(HttpHeaders.AUTHORIZATION)).as("the token is not passed on").isNull();
        assertThat(document.header(IdentityHeaders.PRINCIPAL)).as("no identity, forged or real").isNull();
        assertThat(document.header(IdentityHeaders.SIGNATURE)).isNull();
        assertThat(CORE.forwarded.poll().rawPath()).isEqualTo("/v1/docs/index.html");
        assertThat(CORE.introspections.get()).as("no token is checked for them").isEqualTo(before);

        web.get().uri("/v1/openapi").exchange().expectStatus().isUnauthorized();
        web.get().uri("/v1/docsx").exchange().expectStatus().isUnauthorized();
        assertThat(CORE.forwarded).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Bearer glt_short",
            "Bearer glt_0123456789ab_tooshort", "Bearer glt_0123456789AB_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Bearer not-a-token-at-all-but-long-enough-to-look-like-one-0123456789"})
    void aMalformedAuthorizationIsRefusedWith401ProblemWithoutAskingCoreApi(String authorization) {
        int before = CORE.introspections.get();
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri("/v1/ping");
        if (!authorization.isEmpty()) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        request.exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Unauthenticated");

        assertThat(CORE.introspections.get()).as("introspections").isEqualTo(before);
        assertThat(CORE.forwarded).isEmpty();
    }

    @Test
    void anUnknownWellFormedTokenIsRefusedAndItsAnswerIsCached() {
        String unknown = "glt_fedcba987654_" + "B".repeat(43);
        int before = CORE.introspections.get();
        for (int i = 0; i < 5; i++) {
            web.get().uri("/v1/ping").header(HttpHeaders.AUTHORIZATION, "Bearer " + unknown).exchange()
                    .expectStatus().isUnauthorized();
        }
        assertThat(CORE.introspections.get() - before).isEqualTo(1);
        assertThat(CORE.forwarded).isEmpty();
    }

    @Test
    void theAdminApiGoesThroughWithItsKeyForCoreApiToCheckAndIsLimitedPerAddress() throws Exception {
        int before = CORE.introspections.get();
        web.get().uri("/admin/v1/tenants").header(HttpHeaders.AUTHORIZATION, "Bearer gla_the-admin-key")
                .header(IdentityHeaders.PRINCIPAL, "admin").exchange().expectStatus().isOk();
        StubCoreApi.Received received = CORE.forwarded.poll();
        assertThat(received).isNotNull();
        assertThat(received.rawPath()).isEqualTo("/admin/v1/tenants");
        assertThat(received.header(HttpHeaders.AUTHORIZATION)).as("core-api checks the key").isEqualTo("Bearer gla_the-admin-key");
        assertThat(received.header(IdentityHeaders.PRINCIPAL)).as("no identity a client sent").isNull();
        assertThat(CORE.introspections.get()).as("the admin key is not a tenant token").isEqualTo(before);
        // an encoded spelling of the admin API is the admin API: its bearer goes to core-api to check, as is
        try (HttpClient client = HttpClient.newHttpClient()) {
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/%61dmin/v1/tenants"))
                    .timeout(Duration.ofSeconds(60)).header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        StubCoreApi.Received encoded = CORE.forwarded.poll();
        assertThat(encoded).isNotNull();
        assertThat(encoded.header(IdentityHeaders.PRINCIPAL)).as("never a tenant's identity on the admin API").isNull();
        assertThat(encoded.header(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + StubCoreApi.VALID_TOKEN);

        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(web.get().uri("/admin/v1/tenants").header(HttpHeaders.AUTHORIZATION, "Bearer gla_the-admin-key")
                    .exchange().returnResult(String.class).getStatus().value());
        }
        assertThat(statuses).as("a burst of 5 per address, one more a second").contains(429);
        assertThat(statuses.subList(0, 3)).containsOnly(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/internal/v1/tokens/introspect", "/%69nternal/v1/tokens/introspect",
            "/admin/../internal/v1/tokens/introspect", "/actuator/env",
            "/v1/../internal/v1/tokens/introspect"})
    void onlyThePublicApiIsRouted(String rawPath) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(60))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + StubCoreApi.VALID_TOKEN + "\"}")).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).as(rawPath).isIn(400, 401, 404, 405);
        }
        assertThat(CORE.forwarded).as(rawPath).isEmpty();
    }

    @Test
    void theGatewayMakesItsOwnRequestIdReturnsItOnceAndKeepsTheClientsAsCorrelationId() {
        EntityExchangeResult<byte[]> result = web.get().uri("/v1/ping")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + StubCoreApi.VALID_TOKEN)
                .header("X-Request-Id", "client-chosen-id")
                .exchange().expectStatus().isOk().expectBody().returnResult();

        List<String> ids = result.getResponseHeaders().get("X-Request-Id");
        assertThat(ids).hasSize(1);
        assertThat(ids.getFirst()).isNotEqualTo("client-chosen-id");
        assertThat(result.getResponseHeaders().getFirst("X-Correlation-Id")).isEqualTo("client-chosen-id");
        StubCoreApi.Received received = CORE.forwarded.poll();
        assertThat(received.header("X-Request-Id")).isEqualTo(ids.getFirst());
        assertThat(received.header("X-Correlation-Id")).isEqualTo("client-chosen-id");
    }
}

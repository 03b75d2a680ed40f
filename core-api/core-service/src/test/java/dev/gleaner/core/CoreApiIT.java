package dev.gleaner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.identity.IdentitySigner;
import dev.gleaner.core.client.identity.SignedRequest;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.client.token.ApiTokenFormat;
import dev.gleaner.testsupport.PrometheusText;
import dev.gleaner.testsupport.TestRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** core-api on real PostgreSQL and Redis, called as the gateway and admin-ui call it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Not the 5 s default: the first requests of a cold JVM on a busy 2-core machine (R2DBC pool, codecs, JIT) can take
// longer, and no assertion here is about speed.
@AutoConfigureWebTestClient(timeout = "120s")
class CoreApiIT {

    private static final String ADMIN_KEY = CoreApiCalls.ADMIN_KEY;
    /** Long enough to see a scrape waiting; no farm node runs in this test, so every scrape waits it out. */
    private static final Duration LEASE_WAIT = Duration.ofSeconds(6);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry);
        registry.add("gleaner.core.redis-url", TestRedis::url);
        registry.add("gleaner.core.redis-namespace", () -> "core-api-it");
        registry.add("gleaner.core.lease-wait", () -> LEASE_WAIT.toMillis() + "ms");
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @LocalServerPort
    int port;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final IdentitySigner signer = new IdentitySigner(CoreApiCalls.SECRET);

    private TenantView createTenant(String name) {
        return new CoreApiCalls(web).createTenant(name);
    }

    private WebTestClient.RequestHeadersSpec<?> signedPost(String principal, String path, Object body) {
        return new CoreApiCalls(web).signedPost(principal, path, body);
    }

    @Test
    void theApiDescriptionIsPublicCoversThePublicApiOnlyAndOpensNoOtherPath() throws Exception {
        JsonNode doc = JSON.readTree(web.get().uri("/v1/openapi.json").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        List<String> paths = doc.get("paths").propertyNames().stream().toList();
        assertThat(paths).contains("/v1/scrape", "/v1/jobs", "/v1/jobs/{id}", "/v1/batch", "/v1/batch/{id}",
                "/v1/batch/{id}/results", "/v1/artifacts/{id}", "/v1/webhooks/secret");
        assertThat(paths).noneMatch(p -> p.startsWith("/admin") || p.startsWith("/internal"));
        assertThat(doc.get("components").get("securitySchemes").get("apiToken").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(doc.get("components").get("schemas").has("ScrapeRequest")).isTrue();

        String location = web.get().uri("/v1/docs/index.html").exchange().expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
        assertThat(URI.create(location).getPath()).startsWith("/v1/docs/");
        web.get().uri(URI.create(location).getPath()).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);

        // nothing else under /v1 opens without the gateway's signature, however the path is written
        web.get().uri("/v1/jobs").exchange().expectStatus().isUnauthorized();
        try (HttpClient raw = HttpClient.newHttpClient()) {
            for (String path : List.of("/v1/docs/../jobs", "/v1/openapi.json/%2e%2e/jobs", "/v1/docs%2F..%2Fjobs")) {
                HttpResponse<String> answer = raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(400);
            }
        }
    }

    @Test
    void anIssuedTokenIsShownOnceStoredOnlyAsAHashAndIntrospectsToItsTenant() {
        TenantView tenant = createTenant("acme-" + UUID.randomUUID());
        IssuedToken issued = web.post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .header("Authorization", "Bearer " + ADMIN_KEY).bodyValue(Map.of("name", "ci"))
                .exchange().expectStatus().isCreated().expectBody(IssuedToken.class).returnResult().getResponseBody();

        ApiTokenFormat.Parsed parts = ApiTokenFormat.parse(issued.token()).orElseThrow();
        assertThat(issued.token()).startsWith("glt_");
        String storedRow = db.sql("SELECT row_to_json(t)::text AS r FROM api_tokens t WHERE public_id = :id")
                .bind("id", parts.publicId()).map(row -> row.get("r", String.class)).one().block();
        byte[] storedHash = db.sql("SELECT secret_hash FROM api_tokens WHERE public_id = :id")
                .bind("id", parts.publicId()).map(row -> row.get("secret_hash", byte[].class)).one().block();
        assertThat(storedRow).doesNotContain(parts.secret());
        assertThat(storedHash).isEqualTo(ApiTokenFormat.hash(parts.secret()));

        TokenIntrospection introspection = signedPost(IdentityHeaders.GATEWAY_SERVICE, IntrospectionRequest.PATH,
                new IntrospectionRequest(issued.token()))
                .exchange().expectStatus().isOk().expectBody(TokenIntrospection.class).returnResult().getResponseBody();
        assertThat(introspection).extracting(TokenIntrospection::active, TokenIntrospection::tenantId, TokenIntrospection::tenantName)
                .containsExactly(true, tenant.id(), tenant.name());
        assertThat(introspection.planId()).as("the default plan").isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        assertThat(introspection.limits().scrape().perSecond()).isPositive();

        String tampered = issued.token().substring(0, issued.token().length() - 2) + "xx";
        signedPost(IdentityHeaders.GATEWAY_SERVICE, IntrospectionRequest.PATH, new IntrospectionRequest(tampered))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.active").isEqualTo(false);
    }

    @Test
    void aRevokedTokenNoLongerIntrospectsAndListingsShowPrefixesButNeverSecrets() {
        TenantView tenant = createTenant("revoking-" + UUID.randomUUID());
        IssuedToken kept = issueToken(tenant, "kept");
        IssuedToken leaked = issueToken(tenant, "leaked");

        TokenView revoked = admin().delete().uri("/admin/v1/tenants/{t}/tokens/{k}", tenant.id(), leaked.id())
                .exchange().expectStatus().isOk().expectBody(TokenView.class).returnResult().getResponseBody();
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(admin().delete().uri("/admin/v1/tenants/{t}/tokens/{k}", tenant.id(), leaked.id())
                .exchange().expectStatus().isOk().expectBody(TokenView.class).returnResult().getResponseBody())
                .as("revoking twice keeps the first revocation").isEqualTo(revoked);

        assertThat(introspect(leaked.token()).active()).isFalse();
        assertThat(introspect(kept.token())).extracting(TokenIntrospection::active, TokenIntrospection::tenantId)
                .containsExactly(true, tenant.id());

        String listing = admin().get().uri("/admin/v1/tenants/{t}/tokens", tenant.id()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listing).contains(kept.prefix(), leaked.prefix())
                .doesNotContain(secretOf(kept), secretOf(leaked));
        List<TokenView> tokens = admin().get().uri("/admin/v1/tenants/{t}/tokens", tenant.id()).exchange()
                .expectBodyList(TokenView.class).returnResult().getResponseBody();
        assertThat(tokens).extracting(TokenView::name, TokenView::active)
                .containsExactlyInAnyOrder(tuple("kept", true), tuple("leaked", false));
        assertThat(admin().get().uri("/admin/v1/tenants?q={id}", tenant.id()).exchange().expectBodyList(TenantView.class)
                .returnResult().getResponseBody()).filteredOn(t -> t.id().equals(tenant.id()))
                .extracting(TenantView::activeTokens).containsExactly(1L);
    }

    @Test
    void extractionByAModelWhereNoneIsConfiguredIsRefusedWithAClearProblemNotA500() {
        TenantView tenant = createTenant("no-model-" + UUID.randomUUID());
        signedPost("tenant:" + tenant.id(), "/v1/scrape", Map.of("url", "http://127.0.0.1:9/page",
                        "extract", Map.of("prompt", "the price")))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("extract")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("GLEANER_LLM_BASE_URL"));
    }

    @Test
    void revokingATokenOfAnotherTenantOrAnUnknownOneIsNotFoundAndChangesNothing() {
        TenantView owner = createTenant("owner-" + UUID.randomUUID());
        TenantView other = createTenant("other-" + UUID.randomUUID());
        IssuedToken token = issueToken(owner, "mine");

        admin().delete().uri("/admin/v1/tenants/{t}/tokens/{k}", other.id(), token.id()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        admin().delete().uri("/admin/v1/tenants/{t}/tokens/{k}", owner.id(), UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        admin().get().uri("/admin/v1/tenants/{t}/tokens", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        admin().delete().uri("/admin/v1/tenants/{t}/tokens/not-a-uuid", owner.id()).exchange()
                .expectStatus().isBadRequest();

        assertThat(introspect(token.token()).active()).isTrue();
    }

    private IssuedToken issueToken(TenantView tenant, String name) {
        return admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens").bodyValue(Map.of("name", name))
                .exchange().expectStatus().isCreated().expectBody(IssuedToken.class).returnResult().getResponseBody();
    }

    private WebTestClient admin() {
        return new CoreApiCalls(web).admin();
    }

    private TokenIntrospection introspect(String token) {
        return signedPost(IdentityHeaders.GATEWAY_SERVICE, IntrospectionRequest.PATH, new IntrospectionRequest(token))
                .exchange().expectStatus().isOk().expectBody(TokenIntrospection.class).returnResult().getResponseBody();
    }

    private static String secretOf(IssuedToken token) {
        return ApiTokenFormat.parse(token.token()).orElseThrow().secret();
    }

    @Test
    void aConcurrencyCapOfZeroIsRefusedNotTakenAsUnlimited() {
        web.post().uri("/admin/v1/tenants").header("Authorization", "Bearer " + ADMIN_KEY)
                .bodyValue(Map.of("name", "uncapped-" + UUID.randomUUID(), "concurrencyCap", 0)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("concurrencyCap")
                .jsonPath("$.errors[0].message").isEqualTo("must be between 1 and " + 1000);
    }

    @Test
    void aTenantWithoutANameIsRefusedNamingTheFieldAndNothingIsWritten() {
        Long before = db.sql("SELECT count(*) AS n FROM tenants").map(r -> r.get("n", Long.class)).one().block();

        web.post().uri("/admin/v1/tenants").header("Authorization", "Bearer " + ADMIN_KEY)
                .bodyValue(Map.of("name", "  ")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("name");

        Long after = db.sql("SELECT count(*) AS n FROM tenants").map(r -> r.get("n", Long.class)).one().block();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aSecondTenantWithTheSameNameIsAConflict() {
        String name = "twin-" + UUID.randomUUID();
        createTenant(name);
        web.post().uri("/admin/v1/tenants").header("Authorization", "Bearer " + ADMIN_KEY)
                .bodyValue(Map.of("name", name)).exchange()
                .expectStatus().isEqualTo(409);
        web.post().uri("/admin/v1/tenants").header("Authorization", "Bearer " + ADMIN_KEY)
                .bodyValue(Map.of("name", name.toUpperCase(Locale.ROOT))).exchange()
                .expectStatus().isEqualTo(409);
    }

    @Test
    void theAdminApiNeedsTheAdminKey() {
        web.get().uri("/admin/v1/tenants").header("Authorization", "Bearer wrong-key-0123456789").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    /**
     * The paths a router decodes and normalises to the admin API or the internal endpoints, sent raw as curl
     * would send them: none may answer without the admin key (or the gateway's signature).
     */
    @ParameterizedTest
    @ValueSource(strings = {"/%61dmin/v1/tenants", "/admin;x/v1/tenants", "/admin/v1;x/tenants", "/ADMIN/v1/tenants",
            "//admin/v1/tenants", "/admin/v1/tenants/", "/%2561dmin/v1/tenants", "/admin%2Fv1/tenants",
            "/actuator/../admin/v1/tenants", "/actuator/%2e%2e/admin/v1/tenants", "/x/..;/admin/v1/tenants"})
    void theAdminApiAnswersNoEncodedOrParameterisedPathWithoutTheKey(String rawPath) throws Exception {
        TenantView tenant = createTenant("secret-tenant-" + UUID.randomUUID());

        HttpResponse<String> response = raw("GET", rawPath, null);

        assertThat(response.statusCode()).as(rawPath).isIn(400, 401, 404);
        assertThat(response.body()).as(rawPath).doesNotContain(tenant.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%61dmin/v1/tenants/{id}/tokens", "/admin;x/v1/tenants/{id}/tokens",
            "/admin/v1/tenants/{id};y/tokens", "//admin/v1/tenants/{id}/tokens"})
    void noTokenIsIssuedThroughAnEncodedOrParameterisedAdminPath(String rawPath) throws Exception {
        TenantView tenant = createTenant("minted-" + UUID.randomUUID());

        HttpResponse<String> response = raw("POST", rawPath.replace("{id}", tenant.id().toString()), "{\"name\":\"stolen\"}");

        assertThat(response.statusCode()).as(rawPath).isIn(400, 401, 404);
        Long tokens = db.sql("SELECT count(*) AS n FROM api_tokens WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block();
        assertThat(tokens).as(rawPath).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%69nternal/v1/tokens/introspect", "/internal;x/v1/tokens/introspect",
            "/INTERNAL/v1/tokens/introspect"})
    void theInternalIntrospectionAnswersNoUnsignedCallerOnAnyPathForm(String rawPath) throws Exception {
        TenantView tenant = createTenant("oracle-" + UUID.randomUUID());
        IssuedToken token = issueToken(tenant, "probe");

        HttpResponse<String> response = raw("POST", rawPath, "{\"token\":\"" + token.token() + "\"}");

        assertThat(response.statusCode()).as(rawPath).isIn(400, 401, 404);
        assertThat(response.body()).as(rawPath).doesNotContain(tenant.id().toString());
    }

    private HttpResponse<String> raw(String method, String rawPath, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aScrapeWithoutAValidGatewaySignatureIsRefused() {
        web.post().uri("/v1/scrape").contentType(MediaType.APPLICATION_JSON)
                .header(IdentityHeaders.PRINCIPAL, "tenant:" + UUID.randomUUID())
                .header(IdentityHeaders.TIMESTAMP, Long.toString(signer.now()))
                .header(IdentityHeaders.SIGNATURE, "forged")
                .bodyValue(Map.of("url", "http://example.com")).exchange()
                .expectStatus().isUnauthorized();
    }

    /** Sends a body under identity headers signed for {@code signedTarget} and {@code signedBody}. */
    private WebTestClient.ResponseSpec sendSigned(String principal, long ts, String requestId, String signedTarget,
            String signedBody, String sentTarget, String sentBody) {
        String signature = signer.sign(principal, ts, new SignedRequest("POST", signedTarget, requestId,
                SignedRequest.digest(signedBody.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        return web.post().uri(sentTarget).contentType(MediaType.APPLICATION_JSON)
                .header("X-Request-Id", requestId)
                .header(IdentityHeaders.PRINCIPAL, principal)
                .header(IdentityHeaders.TIMESTAMP, Long.toString(ts))
                .header(IdentityHeaders.SIGNATURE, signature)
                .bodyValue(sentBody.getBytes(java.nio.charset.StandardCharsets.UTF_8)).exchange();
    }

    @Test
    void aSignedRequestIsAcceptedOnceAndFitsNoOtherBodyQueryPrincipalOrTime() {
        String tenant = "tenant:" + createTenant("signed-" + UUID.randomUUID()).id();
        String body = "{\"url\":\"http://127.0.0.1:9/\"}";
        String other = "{\"url\":\"http://127.0.0.1:10/\"}";
        long now = signer.now();

        String first = UUID.randomUUID().toString();
        sendSigned(tenant, now, first, "/v1/scrape", body, "/v1/scrape", body)
                .expectStatus().isEqualTo(422); // authenticated: the guard refused the loopback target
        sendSigned(tenant, now, first, "/v1/scrape", body, "/v1/scrape", body)
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("this signed request was already used");

        sendSigned(tenant, now, UUID.randomUUID().toString(), "/v1/scrape", body, "/v1/scrape", other)
                .expectStatus().value(status -> assertThat(status).as("another body").isEqualTo(401));
        sendSigned(tenant, now, UUID.randomUUID().toString(), "/v1/scrape", body, "/v1/scrape?debug=1", body)
                .expectStatus().value(status -> assertThat(status).as("another query").isEqualTo(401));
        sendSigned(tenant, now - 45, UUID.randomUUID().toString(), "/v1/scrape", body, "/v1/scrape", body)
                .expectStatus().value(status -> assertThat(status).as("too old").isEqualTo(401));
        sendSigned(tenant, now + 45, UUID.randomUUID().toString(), "/v1/scrape", body, "/v1/scrape", body)
                .expectStatus().value(status -> assertThat(status).as("from the future").isEqualTo(401));
        sendSigned(IdentityHeaders.GATEWAY_SERVICE, now, UUID.randomUUID().toString(), "/v1/scrape", body,
                "/v1/scrape", body).expectStatus().value(status -> assertThat(status).as("the gateway itself is no tenant").isEqualTo(401));
        String introspect = "{\"token\":\"glt_0123456789ab_" + "A".repeat(43) + "\"}";
        sendSigned(tenant, now, UUID.randomUUID().toString(), IntrospectionRequest.PATH, introspect,
                IntrospectionRequest.PATH, introspect).expectStatus().value(status -> assertThat(status).as("a tenant may not introspect").isEqualTo(401));
    }

    @Test
    void aLoopbackTargetIsRefusedByDefaultAndTheRefusalIsRecorded() {
        TenantView tenant = createTenant("guarded-" + UUID.randomUUID());

        signedPost("tenant:" + tenant.id(), "/v1/scrape", Map.of("url", "http://127.0.0.1:9/secret"))
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.title").isEqualTo("Target refused")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("loopback"));

        String outcome = db.sql("SELECT outcome FROM scrapes WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("outcome", String.class)).one().block();
        assertThat(outcome).isEqualTo("TARGET_REFUSED");
    }

    @Test
    void aScrapeWaitsTheLeaseWaitForAFreeSlotThenGets503WithRetryAfterAndIsRecorded() {
        TenantView tenant = createTenant("patient-" + UUID.randomUUID());
        long start = System.nanoTime();
        CompletableFuture<WebTestClient.ResponseSpec> scrape = CompletableFuture.supplyAsync(() ->
                signedPost("tenant:" + tenant.id(), "/v1/scrape", Map.of("url", "http://93.184.215.14/", "render", "browser")).exchange());

        await().atMost(LEASE_WAIT).until(() -> waitingScrapes() == 1);
        scrape.join()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("busy"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LEASE_WAIT);
        assertThat(waitingScrapes()).isZero();
        String outcome = db.sql("SELECT outcome FROM scrapes WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("outcome", String.class)).one().block();
        assertThat(outcome).isEqualTo("FARM_FULL");
    }

    private int waitingScrapes() {
        String metrics = web.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return (int) PrometheusText.value(metrics, "gleaner_scrape_waiting");
    }

    @Test
    void malformedJsonAndBadFieldsGetProblemsNamingWhatWasWrong() {
        UUID tenant = createTenant("picky-" + UUID.randomUUID()).id();
        signedPost("tenant:" + tenant, "/v1/scrape", "{\"url\": ")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("body");
        signedPost("tenant:" + tenant, "/v1/scrape", Map.of("url", "file:///etc/passwd", "timeoutMs", 5))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("url")
                .jsonPath("$.errors[1].field").isEqualTo("timeoutMs");
    }

    @Test
    void fieldsTheApiDoesNotKnowAreRefusedByNameNotIgnored() {
        UUID tenant = createTenant("strict-" + UUID.randomUUID()).id();
        signedPost("tenant:" + tenant, "/v1/scrape", Map.of("url", "https://example.com/", "waitForSelecter", "#x"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("waitForSelecter")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("waitForSelector"));
        signedPost("tenant:" + tenant, "/v1/scrape", Map.of("url", "https://example.com/",
                "viewport", Map.of("width", 800, "height", 600, "depth", 3)))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("viewport.depth");
        signedPost("tenant:" + tenant, "/v1/scrape", Map.of("url", "https://example.com/", "viewport", "large"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("viewport")
                .jsonPath("$.errors[0].message").isEqualTo("must be an object");
        signedPost("tenant:" + tenant, "/v1/scrape", Map.of("url", "https://example.com/", "device", "Nokia 3310"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("device");
    }
}

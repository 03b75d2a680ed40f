package dev.gleaner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.devstack.infra.EmbeddedRedisServer;
import dev.gleaner.devstack.infra.Ports;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * core-api's Redis failure policy, with a Redis of its own stopped and started again inside the test:
 * scrapes fail fast with 503 and Retry-After (no 60 s hang), the admin API keeps working on
 * PostgreSQL alone, and leasing works again once Redis is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
class RedisOutageIT {

    private static final int REDIS_PORT = Ports.free();
    private static EmbeddedRedisServer redis = EmbeddedRedisServer.start(REDIS_PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry);
        registry.add("gleaner.core.redis-url", () -> "redis://127.0.0.1:" + REDIS_PORT);
        registry.add("gleaner.core.redis-namespace", () -> "redis-outage-it");
        registry.add("gleaner.core.lease-wait", () -> "500ms");
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    MeterRegistry meters;

    /** What this instance's probe found last: {@code gleaner_dependency_up{dependency}}. */
    private double up(String dependency) {
        return meters.get("gleaner.dependency.up").tag("dependency", dependency).gauge().value();
    }

    @Test
    void whileRedisIsDownScrapesFailFastWith503AndTheAdminApiStillWorksThenLeasingResumes() {
        CoreApiCalls calls = new CoreApiCalls(web);
        TenantView tenant = calls.createTenant("outage-" + UUID.randomUUID());
        assertThat(scrape(tenant).getResponseBody()).as("before the outage: no farm node, so the farm is full")
                .containsEntry("title", "No browser available");

        IssuedToken token = calls.admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .bodyValue(Map.of("name", "t")).exchange().expectStatus().isCreated().expectBody(IssuedToken.class)
                .returnResult().getResponseBody();

        await("the probe finds redis up").atMost(Duration.ofSeconds(60)).until(() -> up("redis") == 1);
        redis.close();
        await("the probe finds redis down").atMost(Duration.ofSeconds(60)).until(() -> up("redis") == 0);
        assertThat(up("postgresql")).as("the other dependency is still up").isEqualTo(1);
        // a revocation that the gateways could not learn of is not made: the token's record in Redis would stay active
        calls.admin().delete().uri("/admin/v1/tenants/" + tenant.id() + "/tokens/" + token.id()).exchange()
                .expectStatus().isEqualTo(503).expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("nothing was changed"));
        assertThat(db.sql("SELECT revoked_at IS NULL AS active FROM api_tokens WHERE id = :id").bind("id", token.id())
                .map(r -> r.get("active", Boolean.class)).one().block()).isTrue();
        long start = System.nanoTime();
        EntityExchangeResult<Map> during = scrape(tenant);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(during.getStatus().value()).isEqualTo(503);
        assertThat(during.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(during.getResponseBody()).containsEntry("title", "Temporarily unavailable");
        assertThat(took).as("bounded by the Redis command timeout, not Lettuce's 60 s").isLessThan(Duration.ofSeconds(30));
        calls.admin().get().uri("/admin/v1/tenants").exchange().expectStatus().isOk();
        String outcome = db.sql("SELECT outcome FROM scrapes WHERE tenant_id = :t ORDER BY created_at DESC LIMIT 1")
                .bind("t", tenant.id()).map(r -> r.get("outcome", String.class)).one().block();
        assertThat(outcome).isEqualTo("REDIS_UNAVAILABLE");

        redis = EmbeddedRedisServer.start(REDIS_PORT);
        await("the probe finds redis up again").atMost(Duration.ofSeconds(60)).until(() -> up("redis") == 1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "No browser available".equals(scrape(tenant).getResponseBody().get("title")));
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.admin().delete()
                .uri("/admin/v1/tenants/" + tenant.id() + "/tokens/" + token.id()).exchange().returnResult(String.class)
                .getStatus().value() == 200);
    }

    @SuppressWarnings("rawtypes")
    private EntityExchangeResult<Map> scrape(TenantView tenant) {
        return new CoreApiCalls(web).signedPost("tenant:" + tenant.id(), "/v1/scrape", Map.of("url", "http://93.184.215.14/", "render", "browser"))
                .exchange().expectStatus().isEqualTo(503).expectBody(Map.class).returnResult();
    }
}

package dev.gleaner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.devstack.infra.EmbeddedPostgresServer;
import dev.gleaner.devstack.infra.Ports;
import dev.gleaner.testsupport.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * core-api's PostgreSQL failure policy, with a PostgreSQL of its own stopped and started again (same
 * data) inside the test: requests that need it answer 503 problem+json with Retry-After, fast, and
 * work again once it is back; a job submitted meanwhile is refused the same way and leaves nothing written.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "120s")
class PostgresOutageIT {

    private static final int PG_PORT = Ports.free();
    private static final Path DATA = tempDir();
    private static EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(PG_PORT, DATA);

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gleaner-pg-outage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        CoreApiCalls.register(registry, postgres.coordinates());
        registry.add("gleaner.core.redis-url", TestRedis::url);
        registry.add("gleaner.core.redis-namespace", () -> "pg-outage-it");
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
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
    void whilePostgresIsDownRequestsGet503WithRetryAfterThenWorkAgain() {
        CoreApiCalls calls = new CoreApiCalls(web);
        TenantView tenant = calls.createTenant("pg-outage-" + UUID.randomUUID());

        await("the probe finds postgresql up").atMost(Duration.ofSeconds(60)).until(() -> up("postgresql") == 1);
        postgres.close();
        await("the probe finds postgresql down").atMost(Duration.ofSeconds(60)).until(() -> up("postgresql") == 0);
        assertThat(up("redis")).as("the other dependency is still up").isEqualTo(1);
        long start = System.nanoTime();
        EntityExchangeResult<Map> listing = calls.admin().get().uri("/admin/v1/tenants").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(Map.class).returnResult();
        assertThat(listing.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
        assertThat(listing.getResponseBody()).containsEntry("title", "Temporarily unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        calls.signedPost("tenant:" + tenant.id(), "/v1/scrape", Map.of("url", "http://93.184.215.14/", "render", "browser")).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER);
        calls.signedPost("tenant:" + tenant.id(), "/v1/jobs", Map.of("url", "http://93.184.215.14/", "render", "browser")).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        postgres = EmbeddedPostgresServer.start(PG_PORT, DATA);
        await("the probe finds postgresql up again").atMost(Duration.ofSeconds(60)).until(() -> up("postgresql") == 1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(calls.admin().get().uri("/admin/v1/tenants")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .contains(tenant.name()));
        assertThat(db.sql("SELECT count(*) AS n FROM jobs WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10)))
                .as("a job refused while PostgreSQL was down left nothing behind").isZero();
    }
}

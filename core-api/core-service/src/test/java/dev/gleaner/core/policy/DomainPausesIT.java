package dev.gleaner.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.testsupport.TestFixtureSite;
import tools.jackson.databind.JsonNode;

/**
 * Operators' domain pauses: a sync scrape (or map) of a paused domain is refused at once with 409
 * {@code domain-paused}; a job waits, queued and naming the pause, and runs when it ends; a pause
 * written by another instance is honoured here within a second; bad pauses are refused by field.
 */
class DomainPausesIT extends JobsTestContext {

    private static final String DOMAIN = "127.0.0.1"; // every fixture is on loopback: an address is its own domain

    private static Map<String, Object> page() {
        return Map.of("url", TestFixtureSite.get().url("/site/"), "render", "http", "formats", List.of("markdown"));
    }

    private EntityExchangeResult<String> scrape(TenantView tenant) {
        return calls().signedPost(tenant(tenant), "/v1/scrape", page()).exchange().expectBody(String.class).returnResult();
    }

    private DomainPauseView pause(Map<String, Object> body) {
        return calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(DomainPauseView.class).returnResult().getResponseBody();
    }

    private void end(DomainPauseView pause) {
        calls().admin().delete().uri("/admin/v1/domain-pauses/" + pause.id()).exchange().expectStatus().isOk();
    }

    @Test
    void aSyncScrapeOfAPausedDomainIsRefusedAtOnceWith409NamingItWhileAnotherTenantProceeds() {
        TenantView paused = calls().createTenant("paused-" + UUID.randomUUID());
        TenantView other = calls().createTenant("unpaused-" + UUID.randomUUID());
        Instant until = Instant.now().plusSeconds(60);
        DomainPauseView made = pause(Map.of("domain", DOMAIN, "tenantId", paused.id(), "reason", "asked us to stop",
                "until", until.toString()));
        assertThat(made.domain()).isEqualTo(DOMAIN);

        EntityExchangeResult<String> refused = scrape(paused);
        assertThat(refused.getStatus().value()).isEqualTo(409);
        assertThat(refused.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JSON.readTree(refused.getResponseBody());
        assertThat(problem.get("type").asString()).endsWith("domain-paused");
        assertThat(problem.get("domain").asString()).isEqualTo(DOMAIN);
        assertThat(problem.get("reason").asString()).isEqualTo("asked us to stop");
        assertThat(Instant.parse(problem.get("until").asString())).isEqualTo(made.until());
        assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
        assertThat(scrape(other).getStatus().value()).as("the pause is this tenant's only").isEqualTo(200);
        calls().signedPost(tenant(paused), "/v1/map", Map.of("url", TestFixtureSite.get().url("/site/"))).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat((String) t)
                        .endsWith("domain-paused"));
        calls().signedPost(tenant(other), "/v1/map", Map.of("url", TestFixtureSite.get().url("/site/"))).exchange()
                .expectStatus().isOk();

        end(made);
        assertThat(scrape(paused).getStatus().value()).as("ended through this instance: at once").isEqualTo(200);
    }

    @Test
    void aGlobalPauseRefusesEveryTenantUntilItIsEnded() {
        TenantView tenant = calls().createTenant("globally-paused-" + UUID.randomUUID());
        DomainPauseView made = pause(Map.of("domain", DOMAIN, "reason", "incident 42"));
        try {
            EntityExchangeResult<String> refused = scrape(tenant);
            assertThat(refused.getStatus().value()).isEqualTo(409);
            assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as("no end, no Retry-After").isNull();
            assertThat(calls().admin().get().uri("/admin/v1/domain-pauses?q={d}&limit=500", DOMAIN).exchange()
                    .expectStatus().isOk()
                    .expectBodyList(DomainPauseView.class).returnResult().getResponseBody())
                    .extracting(DomainPauseView::id).contains(made.id());
        } finally {
            end(made);
        }
        assertThat(scrape(tenant).getStatus().value()).isEqualTo(200);
        Long audited = db.sql("SELECT count(*) AS n FROM audit_log WHERE target = :d AND details LIKE :id AND action IN "
                + "('domain.pause', 'domain.resume')").bind("d", DOMAIN).bind("id", "%" + made.id() + "%")
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(audited).isEqualTo(2);
    }

    @Test
    void aPauseWrittenThroughAnotherInstanceIsHonouredHereWithinASecond() {
        TenantView tenant = calls().createTenant("elsewhere-" + UUID.randomUUID());
        UUID id = UUID.randomUUID();
        long written = System.nanoTime();
        // as another instance's admin API writes it: straight to PostgreSQL, unseen by this instance's own refresh
        db.sql("INSERT INTO domain_pauses (id, domain, tenant_id, reason, created_by) VALUES (:id, :d, :t, 'elsewhere', 'it')")
                .bind("id", id).bind("d", DOMAIN).bind("t", tenant.id()).then().block(Duration.ofSeconds(10));
        double refusedAfter = -1;
        while (System.nanoTime() - written < Duration.ofSeconds(30).toNanos()) {
            long sent = System.nanoTime();
            if (scrape(tenant).getStatus().value() == 409) {
                refusedAfter = (sent - written) / 1e9;
                break;
            }
        }
        assertThat(refusedAfter).as("seconds until this instance honoured it").isBetween(0.0, 1.0);

        db.sql("UPDATE domain_pauses SET ended_at = now() WHERE id = :id").bind("id", id).then()
                .block(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape(tenant).getStatus().value() == 200);
    }

    @Test
    void aJobForAPausedDomainWaitsQueuedNamingThePauseAndRunsWhenItEnds() {
        TenantView tenant = calls().createTenant("waiting-" + UUID.randomUUID());
        Instant until = Instant.now().plusSeconds(4);
        pause(Map.of("domain", DOMAIN, "tenantId", tenant.id(), "reason", "cooling down", "until", until.toString()));

        UUID job = submitted(tenant, page());
        JsonNode waiting = await("queued, naming the pause").atMost(DEADLINE).until(() -> job(tenant, job),
                j -> j.get("status").asString().equals("queued") && j.hasNonNull("error"));
        assertThat(waiting.get("error").get("type").asString()).endsWith("domain-paused");
        assertThat(waiting.get("error").get("detail").asString()).contains(DOMAIN).contains("cooling down");

        JsonNode done = awaitStatus(tenant, job, "succeeded");
        assertThat(Instant.parse(done.get("finishedAt").asString())).isAfter(until);
        assertThat(attemptOutcomes(job)).contains("paused").last().isNotEqualTo("paused");
    }

    @Test
    void badPausesAreRefusedByFieldAndAnUnknownOneIsNotFound() {
        calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(Map.of("domain", "bad domain!")).exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("domain")
                .jsonPath("$.errors[1].field").isEqualTo("reason");
        calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(Map.of("domain", "example.com", "reason", "x",
                        "until", Instant.now().minusSeconds(5).atOffset(ZoneOffset.UTC).toString())).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("until");
        calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(Map.of("domain", "example.com", "reason", "x",
                        "tenantId", UUID.randomUUID())).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("tenantId");
        calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(Map.of("domain", "example.com", "reason", "x",
                        "scope", "all")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("scope");
        calls().admin().delete().uri("/admin/v1/domain-pauses/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();

        DomainPauseView made = pause(Map.of("domain", "WWW.Shop.Example.co.uk", "reason", "kept as its registrable domain"));
        try {
            assertThat(made.domain()).isEqualTo("example.co.uk");
        } finally {
            end(made);
        }
        calls().admin().delete().uri("/admin/v1/domain-pauses/" + made.id()).exchange()
                .expectStatus().isNotFound(); // ended already
    }
}

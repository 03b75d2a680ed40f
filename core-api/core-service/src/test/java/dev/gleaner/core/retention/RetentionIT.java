package dev.gleaner.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.gleaner.core.artifact.ArtifactStore;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.testsupport.TestFixtureSite;
import tools.jackson.databind.JsonNode;

/**
 * Results and artifacts expire after their tenant's retention: a purge removes a tenant's ended jobs,
 * batches, cached answers and artifacts (bytes and rows) once past it, and leaves another tenant's,
 * whose retention is longer, alone.
 */
class RetentionIT extends JobsTestContext {

    @Autowired
    RetentionPurge purge;
    @Autowired
    ArtifactStore store;

    private TenantView tenant(String name, Integer retentionDays) {
        Map<String, Object> body = retentionDays == null ? Map.of("name", name)
                : Map.of("name", name, "retentionDays", retentionDays);
        return calls().admin().post().uri("/admin/v1/tenants").bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(TenantView.class).returnResult().getResponseBody();
    }

    /** Everything a tenant has: a job, a batch, a cached answer with a screenshot artifact; made two days old. */
    private record Made(UUID job, String batch, UUID artifact, String crawl) {
    }

    private Made results(TenantView tenant) {
        UUID job = submitted(tenant, Map.of("url", PAGE));
        awaitStatus(tenant, job, "succeeded");
        String batch = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/batch", inBrowser(Map.of("urls", List.of(PAGE))))
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody())
                .get("id").asString();
        await().atMost(DEADLINE).until(() -> JSON.readTree(calls().signedGet(tenant(tenant), "/v1/batch/" + batch)
                .exchange().expectBody(String.class).returnResult().getResponseBody()).get("status").asString()
                .equals("succeeded"));
        JsonNode shot = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", PAGE, "render", "browser",
                        "maxAge", 60_000, "formats", List.of("screenshot")))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        String url = shot.get("screenshot").get("url").asString();
        UUID artifact = UUID.fromString(url.substring(url.lastIndexOf('/') + 1));
        String crawl = JSON.readTree(calls().signedPost(tenant(tenant), "/v1/crawls", Map.of("url",
                        TestFixtureSite.get().url("/site/"), "render", "http", "maxPages", 1))
                .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody())
                .get("id").asString();
        await().atMost(DEADLINE).until(() -> JSON.readTree(calls().signedGet(tenant(tenant), "/v1/crawls/" + crawl)
                .exchange().expectBody(String.class).returnResult().getResponseBody()).get("status").asString()
                .equals("succeeded"));
        for (String table : List.of("jobs SET finished_at", "batches SET created_at", "scrape_cache SET created_at",
                "artifacts SET created_at", "crawls SET finished_at")) {
            db.sql("UPDATE " + table + " = now() - interval '2 days' WHERE tenant_id = :t").bind("t", tenant.id())
                    .fetch().rowsUpdated().block(Duration.ofSeconds(10));
        }
        return new Made(job, batch, artifact, crawl);
    }

    private long cached(TenantView tenant) {
        return db.sql("SELECT count(*) AS n FROM scrape_cache WHERE tenant_id = :t").bind("t", tenant.id())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
    }

    @Test
    void aPurgeRemovesWhatIsPastItsTenantsRetentionAndNothingElse() {
        TenantView brief = tenant("brief-" + UUID.randomUUID(), 1);
        TenantView keeper = tenant("keeper-" + UUID.randomUUID(), null);
        assertThat(brief.retentionDays()).isEqualTo(1);
        assertThat(keeper.retentionDays()).as("the default").isEqualTo(7);
        Made gone = results(brief);
        Made kept = results(keeper);

        purge.round().block(Duration.ofSeconds(60));

        calls().signedGet(tenant(brief), "/v1/jobs/" + gone.job()).exchange().expectStatus().isNotFound();
        calls().signedGet(tenant(brief), "/v1/batch/" + gone.batch()).exchange().expectStatus().isNotFound();
        calls().signedGet(tenant(brief), "/v1/crawls/" + gone.crawl()).exchange().expectStatus().isNotFound();
        assertThat(db.sql("SELECT count(*) AS n FROM jobs WHERE crawl_id = CAST(:c AS uuid)").bind("c", gone.crawl())
                .map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10))).as("its pages went with it").isZero();
        calls().signedGet(tenant(brief), "/v1/artifacts/" + gone.artifact()).exchange().expectStatus().isNotFound();
        assertThatThrownBy(() -> store.read(gone.artifact()).blockLast(Duration.ofSeconds(10)))
                .as("the bytes are gone too");
        assertThat(cached(brief)).isZero();

        calls().signedGet(tenant(keeper), "/v1/jobs/" + kept.job()).exchange().expectStatus().isOk();
        calls().signedGet(tenant(keeper), "/v1/batch/" + kept.batch()).exchange().expectStatus().isOk();
        calls().signedGet(tenant(keeper), "/v1/crawls/" + kept.crawl()).exchange().expectStatus().isOk();
        calls().signedGet(tenant(keeper), "/v1/artifacts/" + kept.artifact()).exchange().expectStatus().isOk();
        assertThat(cached(keeper)).isEqualTo(1);
    }

    @Test
    void aRetentionOutOfRangeIsRefused() {
        calls().admin().post().uri("/admin/v1/tenants").bodyValue(Map.of("name", "r-" + UUID.randomUUID(),
                "retentionDays", 0)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("retentionDays");
    }
}

package dev.gleaner.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.client.batch.AdminBatchView;
import dev.gleaner.core.client.crawl.AdminCrawlView;
import dev.gleaner.core.client.job.AdminJobView;
import dev.gleaner.core.job.JobsTestContext;
import tools.jackson.databind.JsonNode;

/** {@code /admin/v1/batches} and {@code /admin/v1/crawls}: every tenant's, with progress, their pages, cancelled. */
class BatchesAndCrawlsAdminIT extends JobsTestContext {

    private UUID accepted(TenantView tenant, String path, Object body) {
        JsonNode made = JSON.readTree(calls().signedPost(tenant(tenant), path, body).exchange().expectStatus()
                .isAccepted().expectBody(String.class).returnResult().getResponseBody());
        return UUID.fromString(made.get("id").asString());
    }

    @Test
    void aTenantsBatchIsListedWithItsProgressAndItsPagesAreFoundInTheJobs() {
        TenantView tenant = calls().createTenant("admin-batch-" + UUID.randomUUID());
        UUID batch = accepted(tenant, "/v1/batch", inBrowser(Map.of("urls", List.of(PAGE, PAGE + "?2"))));

        AdminBatchView.Page page = await("the batch done").atMost(DEADLINE).until(() -> calls().admin().get()
                .uri("/admin/v1/batches?tenant=" + tenant.id()).exchange().expectStatus().isOk()
                .expectBody(AdminBatchView.Page.class).returnResult().getResponseBody(),
                found -> found.batches().size() == 1 && found.batches().getFirst().batch().counts().succeeded() == 2);
        AdminBatchView listed = page.batches().getFirst();
        assertThat(listed.tenantId()).isEqualTo(tenant.id());
        assertThat(listed.batch().id()).isEqualTo(batch);
        assertThat(listed.batch().total()).isEqualTo(2);
        AdminJobView.Page jobs = calls().admin().get().uri("/admin/v1/jobs?parent=" + batch).exchange()
                .expectStatus().isOk().expectBody(AdminJobView.Page.class).returnResult().getResponseBody();
        assertThat(jobs.jobs()).hasSize(2).allSatisfy(job -> {
            assertThat(job.kind()).isEqualTo("batch");
            assertThat(job.parentId()).isEqualTo(batch);
        });
    }

    @Test
    void anOperatorCancelsAWaitingCrawlWhichIsThenListedCancelledAndAudited() {
        TenantView tenant = calls().createTenant("admin-crawl-" + UUID.randomUUID());
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend").exchange().expectStatus().isOk();
        // a site nothing answers on: the shared crawl site counts its hits for other tests
        UUID crawl = accepted(tenant, "/v1/crawls", Map.of("url", "http://127.0.0.1:9/", "maxPages", 3));

        AdminCrawlView running = calls().admin().get().uri("/admin/v1/crawls/" + crawl).exchange().expectStatus()
                .isOk().expectBody(AdminCrawlView.class).returnResult().getResponseBody();
        assertThat(running.tenantId()).isEqualTo(tenant.id());
        assertThat(running.crawl().status()).isIn("queued", "running");
        assertThat(calls().admin().get().uri("/admin/v1/crawls?status=running&tenant=" + tenant.id()).exchange()
                .expectBody(AdminCrawlView.Page.class).returnResult().getResponseBody().crawls())
                .extracting(c -> c.crawl().id()).containsExactly(crawl);

        AdminCrawlView cancelled = calls().asOperator("admin").post().uri("/admin/v1/crawls/" + crawl + "/cancel")
                .exchange().expectStatus().isOk().expectBody(AdminCrawlView.class).returnResult().getResponseBody();
        assertThat(cancelled.crawl().status()).isEqualTo("cancelled");
        assertThat(calls().admin().get().uri("/admin/v1/crawls?status=cancelled&tenant=" + tenant.id()).exchange()
                .expectBody(AdminCrawlView.Page.class).returnResult().getResponseBody().crawls())
                .extracting(c -> c.crawl().id()).containsExactly(crawl);
        AuditPage audit = calls().admin().get().uri("/admin/v1/audit?action=crawl.cancel&limit=500").exchange()
                .expectBody(AuditPage.class).returnResult().getResponseBody();
        assertThat(audit.entries()).anySatisfy(e -> {
            assertThat(e.target()).isEqualTo(crawl.toString());
            assertThat(e.actor()).isEqualTo("operator:admin");
        });
    }

    @Test
    void badParametersAreRefusedNamingThemAndAnUnknownCrawlIsNotFound() {
        calls().admin().get().uri("/admin/v1/crawls?status=done&limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        calls().admin().get().uri("/admin/v1/batches?status=done").exchange().expectStatus().isBadRequest();
        calls().admin().get().uri("/admin/v1/jobs?parent=nope").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("parent");
        calls().admin().get().uri("/admin/v1/crawls/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
        calls().admin().post().uri("/admin/v1/batches/" + UUID.randomUUID() + "/cancel").exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
    }
}

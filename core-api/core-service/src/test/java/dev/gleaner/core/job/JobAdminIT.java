package dev.gleaner.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.client.job.AdminJobView;

/** {@code /admin/v1/jobs}: every tenant's jobs for operators, found, shown with their attempts, cancelled, retried. */
class JobAdminIT extends JobsTestContext {

    private static final String REFUSED = "http://10.20.30.40/private";

    private AdminJobView.Page page(String query) {
        return calls().admin().get().uri("/admin/v1/jobs?" + query).exchange().expectStatus().isOk()
                .expectBody(AdminJobView.Page.class).returnResult().getResponseBody();
    }

    private AdminJobView detail(UUID id) {
        return calls().admin().get().uri("/admin/v1/jobs/" + id).exchange().expectStatus().isOk()
                .expectBody(AdminJobView.class).returnResult().getResponseBody();
    }

    @Test
    void jobsOfEveryTenantAreFoundByTenantStatusAndDomainNewestFirstAndPaged() {
        TenantView first = calls().createTenant("admin-jobs-" + UUID.randomUUID());
        TenantView second = calls().createTenant("admin-jobs-" + UUID.randomUUID());
        UUID ok = submitted(first, Map.of("url", PAGE));
        UUID refused = submitted(first, Map.of("url", REFUSED));
        UUID other = submitted(second, Map.of("url", PAGE));
        awaitStatus(first, ok, "succeeded");
        awaitStatus(first, refused, "blocked");
        awaitStatus(second, other, "succeeded");

        assertThat(page("tenant=" + first.id()).jobs()).extracting(AdminJobView::id).containsExactly(refused, ok);
        assertThat(page("tenant=" + first.id() + "&status=blocked").jobs()).extracting(AdminJobView::id)
                .containsExactly(refused);
        assertThat(page("tenant=" + first.id() + "&domain=10.20.30.40").jobs()).extracting(AdminJobView::id)
                .containsExactly(refused);
        assertThat(page("tenant=" + second.id() + "&kind=job").jobs()).extracting(AdminJobView::tenantId)
                .containsExactly(second.id());
        AdminJobView.Page one = page("tenant=" + first.id() + "&limit=1");
        assertThat(one.jobs()).extracting(AdminJobView::id).containsExactly(refused);
        assertThat(page("tenant=" + first.id() + "&limit=1&cursor=" + one.next()).jobs()).extracting(AdminJobView::id)
                .containsExactly(ok);
        AdminJobView.Page oldest = page("tenant=" + first.id() + "&order=asc&limit=1");
        assertThat(oldest.jobs()).extracting(AdminJobView::id).as("oldest first").containsExactly(ok);
        assertThat(page("tenant=" + first.id() + "&order=asc&limit=1&cursor=" + oldest.next()).jobs())
                .extracting(AdminJobView::id).containsExactly(refused);
        AdminJobView listed = one.jobs().getFirst();
        assertThat(listed.url()).isEqualTo(REFUSED);
        assertThat(listed.error().outcome()).isEqualTo("TARGET_REFUSED");
        assertThat(listed.request()).as("listings are light").isNull();
    }

    @Test
    void aJobIsShownWithItsRequestResultAndEveryAttempt() {
        TenantView tenant = calls().createTenant("admin-job-detail-" + UUID.randomUUID());
        UUID id = submitted(tenant, Map.of("url", PAGE, "formats", List.of("markdown")));
        awaitStatus(tenant, id, "succeeded");

        AdminJobView job = detail(id);
        assertThat(job.tenantId()).isEqualTo(tenant.id());
        assertThat(job.kind()).isEqualTo("job");
        assertThat(job.request().get("url").asString()).isEqualTo(PAGE);
        assertThat(job.result().has("markdown")).isTrue();
        assertThat(job.history()).singleElement().satisfies(attempt -> {
            assertThat(attempt.attempt()).isEqualTo(1);
            assertThat(attempt.outcome()).isEqualTo("succeeded");
            assertThat(attempt.finishedAt()).isNotNull();
        });
        calls().admin().get().uri("/admin/v1/jobs/" + UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @Test
    void anOperatorCancelsAWaitingJobRunsItAgainAndBothAreAuditedAsTheirs() {
        TenantView tenant = calls().createTenant("admin-job-cancel-" + UUID.randomUUID());
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend").exchange().expectStatus().isOk();
        UUID id = submitted(tenant, Map.of("url", PAGE));

        AdminJobView cancelled = calls().asOperator("admin").post().uri("/admin/v1/jobs/" + id + "/cancel").exchange()
                .expectStatus().isOk().expectBody(AdminJobView.class).returnResult().getResponseBody();
        assertThat(cancelled.status()).isEqualTo("cancelled");
        calls().asOperator("admin").post().uri("/admin/v1/jobs/" + id + "/cancel").exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);

        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/resume").exchange().expectStatus().isOk();
        AdminJobView again = calls().asOperator("admin").post().uri("/admin/v1/jobs/" + id + "/retry").exchange()
                .expectStatus().isOk().expectBody(AdminJobView.class).returnResult().getResponseBody();
        assertThat(again.status()).isIn("queued", "running", "succeeded");
        awaitStatus(tenant, id, "succeeded");
        calls().asOperator("admin").post().uri("/admin/v1/jobs/" + id + "/retry").exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("succeeded"));

        AuditPage audit = calls().admin().get().uri("/admin/v1/audit?actor=operator:admin&limit=500").exchange()
                .expectBody(AuditPage.class).returnResult().getResponseBody();
        assertThat(audit.entries()).filteredOn(e -> e.target() != null && e.target().equals(id.toString()))
                .extracting(e -> e.action()).containsExactly("job.retry", "job.cancel");
    }

    @Test
    void aBlockedJobRunAgainKeepsItsEarlierAttemptsInItsHistory() {
        TenantView tenant = calls().createTenant("admin-job-retry-" + UUID.randomUUID());
        UUID id = submitted(tenant, Map.of("url", REFUSED));
        awaitStatus(tenant, id, "blocked");
        int before = detail(id).history().size();

        calls().admin().post().uri("/admin/v1/jobs/" + id + "/retry").exchange().expectStatus().isOk();
        await("the job run again").atMost(DEADLINE).until(() -> detail(id),
                job -> job.status().equals("blocked") && job.history().size() > before);
    }

    @Test
    void badFiltersAreRefusedNamingThemAndAViewerCannotCancel() {
        calls().admin().get().uri("/admin/v1/jobs?status=done&kind=page&tenant=x&from=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(4);
        calls().admin().get().uri("/admin/v1/jobs?order=up").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("order");
        calls().admin().get().uri("/admin/v1/jobs?cursor=nope").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
        calls().admin().get().uri("/admin/v1/jobs?sort=url").exchange().expectStatus().isBadRequest();

        String viewer = "job-viewer-" + UUID.randomUUID().toString().substring(0, 8);
        calls().asOperator("admin").post().uri("/admin/v1/operators")
                .bodyValue(Map.of("username", viewer, "password", "viewer-password-0123", "role", "viewer")).exchange()
                .expectStatus().isCreated();
        TenantView tenant = calls().createTenant("admin-job-viewer-" + UUID.randomUUID());
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend").exchange().expectStatus().isOk();
        UUID id = submitted(tenant, Map.of("url", PAGE));
        calls().asOperator(viewer).post().uri("/admin/v1/jobs/" + id + "/cancel").exchange().expectStatus().isForbidden();
        assertThat(detail(id).status()).isEqualTo("queued");
        calls().asOperator(viewer).get().uri("/admin/v1/jobs?tenant=" + tenant.id()).exchange().expectStatus().isOk();
    }
}

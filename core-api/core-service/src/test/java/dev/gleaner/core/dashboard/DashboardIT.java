package dev.gleaner.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.DashboardView;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.job.JobsTestContext;

/** {@code GET /admin/v1/dashboard}: the last hour's scrapes, the queue and the farm, from the stores themselves. */
class DashboardIT extends JobsTestContext {

    private DashboardView dashboard() {
        return calls().admin().get().uri("/admin/v1/dashboard").exchange().expectStatus().isOk()
                .expectBody(DashboardView.class).returnResult().getResponseBody();
    }

    private static long count(DashboardView view, String outcome) {
        return view.minutes().stream().mapToLong(m -> m.outcomes().getOrDefault(outcome, 0L)).sum();
    }

    @Test
    void scrapesAreCountedPerMinuteByOutcomeAndWaitingJobsAndBrowserSlotsAreShown() {
        DashboardView before = dashboard();
        TenantView tenant = calls().createTenant("dashboard-" + UUID.randomUUID());
        calls().signedPost(tenant(tenant), "/v1/scrape", inBrowser(Map.of("url", PAGE))).exchange()
                .expectStatus().isOk();
        calls().signedPost(tenant(tenant), "/v1/scrape", Map.of("url", "http://10.20.30.40/private")).exchange()
                .expectStatus().is4xxClientError();
        calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/suspend").exchange().expectStatus().isOk();
        submitted(tenant, Map.of("url", PAGE));

        DashboardView after = dashboard();
        assertThat(count(after, "OK")).isGreaterThan(count(before, "OK"));
        assertThat(count(after, "TARGET_REFUSED")).isGreaterThan(count(before, "TARGET_REFUSED"));
        assertThat(after.minutes()).allSatisfy(m -> assertThat(m.minute()).isAfter(after.at().minusSeconds(3600 + 60)));
        // the suspended tenant's job waits queued (a worker holds it "running" for a moment each time it looks)
        DashboardView waiting = await("the waiting job counted").atMost(DEADLINE).until(this::dashboard,
                view -> view.queue().queued() > 0);
        assertThat(waiting.queue().oldestQueuedAt()).isNotNull().isBefore(waiting.at());
        assertThat(after.browsers().nodes()).isPositive();
        assertThat(after.browsers().slots()).isGreaterThanOrEqualTo(after.browsers().nodes());
        assertThat(after.browsers().busy()).isBetween(0L, (long) after.browsers().slots());

        // the queue's and the slots' last hour: sampled by core-api, one sample per minute, the same for every console
        DashboardView sampled = await("the waiting job in a sample").atMost(DEADLINE).until(this::dashboard,
                view -> view.history().stream().anyMatch(s -> s.queued() > 0 && s.slots() != null && s.slots() > 0));
        assertThat(sampled.history()).extracting(DashboardView.Sample::minute).isSorted().doesNotHaveDuplicates()
                .allSatisfy(minute -> assertThat(minute).isAfter(sampled.at().minusSeconds(3600 + 60)));
    }

    @Test
    void theDashboardIsForOperatorsOnly() {
        calls().signedGet("tenant:" + UUID.randomUUID(), "/admin/v1/dashboard").exchange().expectStatus()
                .isUnauthorized();
    }
}

package dev.gleaner.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.audit.AuditEntry;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.job.JobsTestContext;

/** The audit log through the admin API: filtered by actor, action and time, paged newest first, bad queries refused by name. */
class AuditIT extends JobsTestContext {

    private AuditPage page(String query) {
        return calls().admin().get().uri("/admin/v1/audit?" + query).exchange().expectStatus().isOk()
                .expectBody(AuditPage.class).returnResult().getResponseBody();
    }

    @Test
    void changesAreFoundByActionAndTimeNewestFirstPageByPage() {
        Instant before = Instant.now().minusSeconds(1);
        TenantView first = calls().createTenant("audited-" + UUID.randomUUID());
        TenantView second = calls().createTenant("audited-" + UUID.randomUUID());
        TenantView third = calls().createTenant("audited-" + UUID.randomUUID());

        AuditPage created = page("action=tenant.create&actor=admin-api&from=" + before + "&limit=2");
        assertThat(created.entries()).hasSize(2).extracting(AuditEntry::target)
                .containsExactly(third.id().toString(), second.id().toString());
        assertThat(created.entries()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("tenant.create");
            assertThat(e.actor()).isEqualTo("admin-api");
            assertThat(e.at()).isAfterOrEqualTo(before);
        });
        assertThat(created.next()).isNotNull();

        AuditPage rest = page("action=tenant.create&from=" + before + "&limit=2&cursor=" + created.next());
        assertThat(rest.entries()).extracting(AuditEntry::target).contains(first.id().toString())
                .doesNotContain(second.id().toString(), third.id().toString());
        assertThat(page("action=tenant.create&to=" + before).entries()).extracting(AuditEntry::target)
                .doesNotContain(first.id().toString(), second.id().toString(), third.id().toString());
        assertThat(page("action=no.such.action").entries()).isEmpty();
    }

    @Test
    void badQueriesAreRefusedByName() {
        for (Map.Entry<String, String> bad : Map.of("from=yesterday", "from", "limit=0", "limit", "limit=x", "limit",
                "cursor=%21%21", "cursor", "tenant=x", "tenant").entrySet()) {
            calls().admin().get().uri("/admin/v1/audit?" + bad.getKey()).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo(bad.getValue());
        }
    }
}

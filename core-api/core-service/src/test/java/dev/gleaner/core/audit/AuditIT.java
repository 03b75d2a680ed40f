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
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.job.JobsTestContext;
import dev.gleaner.testsupport.TestFixtureSite;

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
    void aTenantsRequestsAreAuditedWithTheTokenTheUrlTheRequestIdAndTheClientAddress() {
        TenantView tenant = calls().createTenant("audited-" + UUID.randomUUID());
        String token = "aud" + UUID.randomUUID().toString().substring(0, 8);
        // as the gateway sends it: the token's public id and the client's address signed with the tenant
        String principal = "tenant:" + tenant.id() + ";token=" + token + ";client=203.0.113.7";
        String page = TestFixtureSite.get().url("/?audited");
        String requestId = UUID.randomUUID().toString();
        calls().signedPost(principal, "/v1/scrape", requestId, Map.of("url", page, "render", "http")).exchange()
                .expectStatus().isOk();
        calls().signedPost(principal, "/v1/jobs", Map.of("url", page, "render", "http")).exchange()
                .expectStatus().isAccepted();

        AuditPage mine = page("actor=token:" + token);
        assertThat(mine.entries()).extracting(AuditEntry::action).containsExactly("job.submit", "scrape");
        AuditEntry scrape = mine.entries().get(1);
        assertThat(scrape.target()).isEqualTo(page);
        assertThat(scrape.requestId()).isEqualTo(requestId);
        assertThat(scrape.clientAddress()).isEqualTo("203.0.113.7");
        assertThat(scrape.details()).contains("tenant=" + tenant.id());
        assertThat(mine.entries().get(0).details()).contains("job=");

        // the address is signed with the rest: changed on the way, the request is refused and nothing is audited
        calls().signedPost(principal, "/v1/scrape", Map.of("url", page, "render", "http"))
                .headers(h -> h.set(IdentityHeaders.PRINCIPAL, "tenant:" + tenant.id() + ";token=" + token
                        + ";client=198.51.100.1"))
                .exchange().expectStatus().isUnauthorized();
        assertThat(page("actor=token:" + token).entries()).hasSize(2);
    }

    @Test
    void anAdminChangeIsAuditedWithWhereItCameFrom() {
        String name = "audited-admin-" + UUID.randomUUID();
        calls().admin().post().uri("/admin/v1/tenants").header("X-Request-Id", "admin-req-1").bodyValue(Map.of("name", name))
                .exchange().expectStatus().isCreated();
        AuditEntry created = page("action=tenant.create&limit=1").entries().get(0);
        assertThat(created.details()).contains(name);
        assertThat(created.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(created.requestId()).isNotBlank();
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

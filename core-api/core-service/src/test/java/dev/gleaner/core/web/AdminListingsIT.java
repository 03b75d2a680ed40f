package dev.gleaner.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.OperatorView;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.job.JobsTestContext;
import tools.jackson.databind.JsonNode;

/**
 * The admin listings the console pages through: plans, operators, pauses and domains are searched, sorted and
 * paged by core-api (tenants: {@code TenantPagesIT}), and a bad or unknown parameter is refused by name.
 */
class AdminListingsIT extends JobsTestContext {

    private <T> List<T> list(String path, Class<T> type) {
        return calls().admin().get().uri(path).exchange().expectStatus().isOk().expectBodyList(type).returnResult()
                .getResponseBody();
    }

    private static String tag() {
        return "l" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void plansAreFoundByPartOfTheirNameSortedEitherWayAndPaged() {
        String tag = tag();
        Map<String, Object> rate = Map.of("perSecond", 5, "burst", 10);
        for (String name : List.of("gold", "Bronze", "silver")) {
            calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", tag + "-" + name,
                            "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate)))
                    .exchange().expectStatus().isCreated();
        }
        assertThat(list("/admin/v1/plans?q=" + tag.toUpperCase() + "&sort=name", PlanView.class))
                .extracting(PlanView::name).containsExactly(tag + "-Bronze", tag + "-gold", tag + "-silver");
        assertThat(list("/admin/v1/plans?q=" + tag + "&sort=name&order=desc&offset=1&limit=1", PlanView.class))
                .extracting(PlanView::name).containsExactly(tag + "-gold");
        assertThat(list("/admin/v1/plans?q=" + tag, PlanView.class)).as("by creation by default")
                .extracting(PlanView::name).containsExactly(tag + "-gold", tag + "-Bronze", tag + "-silver");
        calls().admin().get().uri("/admin/v1/plans?sort=price").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sort");
    }

    @Test
    void operatorsAreFoundByPartOfTheirNameAndPaged() {
        String tag = tag();
        for (String name : List.of("carol", "alice", "bob")) {
            calls().admin().post().uri("/admin/v1/operators").bodyValue(Map.of("username", tag + "-" + name,
                    "password", "a-long-password-" + name, "role", "viewer")).exchange().expectStatus().isCreated();
        }
        assertThat(list("/admin/v1/operators?q=" + tag, OperatorView.class)).extracting(OperatorView::username)
                .containsExactly(tag + "-alice", tag + "-bob", tag + "-carol");
        assertThat(list("/admin/v1/operators?q=" + tag + "&order=desc&limit=2", OperatorView.class))
                .extracting(OperatorView::username).containsExactly(tag + "-carol", tag + "-bob");
        calls().admin().get().uri("/admin/v1/operators?role=admin").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("role"));
    }

    @Test
    void pausesAreFoundByDomainOrReasonAndByTheTenantTheyHoldFor() {
        String tag = tag();
        TenantView tenant = calls().createTenant("paused-" + tag);
        TenantView other = calls().createTenant("other-" + tag);
        DomainPauseView global = pause(Map.of("domain", tag + "-a.example", "reason", "incident-" + tag));
        DomainPauseView own = pause(Map.of("domain", tag + "-b.example", "reason", "asked",
                "tenantId", tenant.id().toString()));
        DomainPauseView others = pause(Map.of("domain", tag + "-c.example", "reason", "asked",
                "tenantId", other.id().toString()));
        try {
            assertThat(list("/admin/v1/domain-pauses?q=" + tag + "&sort=domain&order=desc", DomainPauseView.class))
                    .extracting(DomainPauseView::id).containsExactly(others.id(), own.id(), global.id());
            assertThat(list("/admin/v1/domain-pauses?q=incident-" + tag, DomainPauseView.class))
                    .as("by reason").extracting(DomainPauseView::id).containsExactly(global.id());
            assertThat(list("/admin/v1/domain-pauses?q=" + tag + "&tenant=" + tenant.id() + "&sort=domain",
                    DomainPauseView.class)).as("its own and the global ones")
                    .extracting(DomainPauseView::id).containsExactly(global.id(), own.id());
            calls().admin().get().uri("/admin/v1/domain-pauses?tenant=acme").exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("tenant");
        } finally {
            for (DomainPauseView made : List.of(global, own, others)) {
                calls().admin().delete().uri("/admin/v1/domain-pauses/" + made.id()).exchange().expectStatus().isOk();
            }
        }
    }

    private DomainPauseView pause(Map<String, Object> body) {
        return calls().admin().post().uri("/admin/v1/domain-pauses").bodyValue(body).exchange().expectStatus()
                .isCreated().expectBody(DomainPauseView.class).returnResult().getResponseBody();
    }

    @Test
    void domainsAreFoundByPartOfTheirNameMostRecentFirstOrByNameAndPaged() throws Exception {
        String tag = tag();
        long now = System.currentTimeMillis();
        // as the gate records a fetch: the domain in its "seen" set, scored by when
        redis.reactive().zadd(NAMESPACE + ":{domains}:seen", now - 3000, tag + "-b.example").block();
        redis.reactive().zadd(NAMESPACE + ":{domains}:seen", now - 2000, tag + "-c.example").block();
        redis.reactive().zadd(NAMESPACE + ":{domains}:seen", now - 1000, tag + "-a.example").block();

        assertThat(domains("q=" + tag)).containsExactly(tag + "-a.example", tag + "-c.example", tag + "-b.example");
        assertThat(domains("q=" + tag + "&order=asc")).containsExactly(tag + "-b.example", tag + "-c.example",
                tag + "-a.example");
        assertThat(domains("q=" + tag + "&sort=domain&offset=1&limit=1")).containsExactly(tag + "-b.example");
        assertThat(domains("q=" + tag + "&sort=throttled&order=desc")).as("equal figures: by name, reversed")
                .containsExactly(tag + "-c.example", tag + "-b.example", tag + "-a.example");
        calls().admin().get().uri("/admin/v1/domains?sort=x&limit=0").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
    }

    private List<String> domains(String query) throws Exception {
        JsonNode page = JSON.readTree(calls().admin().get().uri("/admin/v1/domains?" + query).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        return page.get("domains").valueStream().map(d -> d.get("domain").asString()).toList();
    }
}

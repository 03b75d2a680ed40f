package dev.gleaner.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.job.JobsTestContext;

/** {@code GET /admin/v1/tenants}: searched, sorted and paged in PostgreSQL. */
class TenantPagesIT extends JobsTestContext {

    private List<TenantView> page(String query) {
        return calls().admin().get().uri("/admin/v1/tenants?" + query).exchange().expectStatus().isOk()
                .expectBodyList(TenantView.class).returnResult().getResponseBody();
    }

    @Test
    void tenantsAreFoundByPartOfTheirNameSortedEitherWayAndPagedWithoutOverlap() {
        String tag = "paged" + UUID.randomUUID().toString().substring(0, 6);
        for (String name : List.of("Cherry", "apple", "banana", "Date", "elder")) {
            calls().createTenant(tag + "-" + name);
        }
        calls().createTenant("other-" + UUID.randomUUID());

        assertThat(page("q=" + tag.toUpperCase() + "&sort=name")).extracting(TenantView::name)
                .containsExactly(tag + "-apple", tag + "-banana", tag + "-Cherry", tag + "-Date", tag + "-elder");
        assertThat(page("q=" + tag + "&sort=name&order=desc&offset=1&limit=2")).extracting(TenantView::name)
                .containsExactly(tag + "-Date", tag + "-Cherry");
        assertThat(page("q=" + tag + "&sort=createdAt&offset=4&limit=2")).extracting(TenantView::name)
                .containsExactly(tag + "-elder");
        TenantView one = page("q=" + tag + "-banana").getFirst();
        assertThat(page("q=" + one.id())).extracting(TenantView::id).containsExactly(one.id());
        assertThat(page("q=%25" + tag)).as("a % in the search is a character, not a wildcard").isEmpty();
    }

    @Test
    void tenantsAreListedByThePlanTheyAreOnTheDefaultPlansIncludingThosePutOnNone() {
        String tag = "by-plan" + UUID.randomUUID().toString().substring(0, 6);
        TenantView onNone = calls().createTenant(tag + "-none");
        TenantView onPro = calls().createTenant(tag + "-pro");
        Map<String, Object> rate = Map.of("perSecond", 5, "burst", 10);
        PlanView pro = calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", tag,
                        "limits", Map.of("scrape", rate, "jobs", rate, "crawls", rate, "read", rate)))
                .exchange().expectStatus().isCreated().expectBody(PlanView.class).returnResult().getResponseBody();
        calls().admin().put().uri("/admin/v1/tenants/" + onPro.id() + "/plan").bodyValue(Map.of("planId", pro.id()))
                .exchange().expectStatus().isNoContent();
        UUID standard = UUID.fromString("00000000-0000-0000-0000-000000000001");

        assertThat(page("q=" + tag + "&plan=" + pro.id())).extracting(TenantView::id).containsExactly(onPro.id());
        assertThat(page("q=" + tag + "&plan=" + standard)).extracting(TenantView::id).containsExactly(onNone.id());
        assertThat(page("q=" + tag + "&plan=" + pro.id()).getFirst().planId()).isEqualTo(pro.id());
        calls().admin().get().uri("/admin/v1/tenants?plan=pro").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("plan");
    }

    @Test
    void aBadOrUnknownParameterIsRefusedNamingIt() {
        calls().admin().get().uri("/admin/v1/tenants?sort=password").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sort");
        calls().admin().get().uri("/admin/v1/tenants?limit=0&order=up").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        calls().admin().get().uri("/admin/v1/tenants?page=2").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("page"));
    }
}

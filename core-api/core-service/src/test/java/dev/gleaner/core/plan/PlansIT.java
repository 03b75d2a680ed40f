package dev.gleaner.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.identity.IdentityHeaders;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.job.JobsTestContext;

/** Plans through the admin API, and the tenant's plan in what the gateway learns of a token. */
class PlansIT extends JobsTestContext {

    private static Map<String, Object> limits(int scrape) {
        Map<String, Object> rate = Map.of("perSecond", 5, "burst", 10);
        return Map.of("scrape", Map.of("perSecond", scrape, "burst", scrape * 2), "jobs", rate, "crawls", rate,
                "read", rate);
    }

    private TokenIntrospection introspect(String token) {
        return calls().signedPost(IdentityHeaders.GATEWAY_SERVICE, IntrospectionRequest.PATH, new IntrospectionRequest(token))
                .exchange().expectStatus().isOk().expectBody(TokenIntrospection.class).returnResult().getResponseBody();
    }

    @Test
    void aTenantPutOnAPlanIsIntrospectedWithItsLimitsAndAChangeIsANewVersion() {
        TenantView tenant = calls().createTenant("planned-" + UUID.randomUUID());
        IssuedToken token = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/tokens")
                .bodyValue(Map.of("name", "t")).exchange().expectStatus().isCreated().expectBody(IssuedToken.class)
                .returnResult().getResponseBody();
        TokenIntrospection before = introspect(token.token());
        PlanView standard = calls().admin().get().uri("/admin/v1/plans").exchange().expectStatus().isOk()
                .expectBodyList(PlanView.class).returnResult().getResponseBody().stream().filter(PlanView::isDefault)
                .findFirst().orElseThrow();
        assertThat(before.planId()).as("on the default plan until put on another").isEqualTo(standard.id());

        String name = "pro-" + UUID.randomUUID();
        PlanView pro = calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", name, "limits", limits(7)))
                .exchange().expectStatus().isCreated().expectBody(PlanView.class).returnResult().getResponseBody();
        assertThat(pro.version()).isOne();
        calls().admin().put().uri("/admin/v1/tenants/" + tenant.id() + "/plan").bodyValue(Map.of("planId", pro.id()))
                .exchange().expectStatus().isNoContent();
        TokenIntrospection on = introspect(token.token());
        assertThat(on.planId()).isEqualTo(pro.id());
        assertThat(on.limits().scrape().perSecond()).isEqualTo(7);
        assertThat(on.limits().scrape().burst()).isEqualTo(14);

        PlanView changed = calls().admin().put().uri("/admin/v1/plans/" + pro.id())
                .bodyValue(Map.of("name", name, "limits", limits(9))).exchange().expectStatus().isOk()
                .expectBody(PlanView.class).returnResult().getResponseBody();
        assertThat(changed.version()).isEqualTo(2);
        assertThat(introspect(token.token())).satisfies(i -> {
            assertThat(i.planVersion()).isEqualTo(2);
            assertThat(i.limits().scrape().perSecond()).isEqualTo(9);
        });
        Long audited = db.sql("SELECT count(*) AS n FROM audit_log WHERE action IN ('plan.create', 'plan.update', "
                + "'tenant.plan') AND (target = :p OR target = :t)").bind("p", pro.id().toString())
                .bind("t", tenant.id().toString()).map(r -> r.get("n", Long.class)).one().block(Duration.ofSeconds(10));
        assertThat(audited).isEqualTo(3);
        String update = db.sql("SELECT details FROM audit_log WHERE action = 'plan.update' AND target = :p")
                .bind("p", pro.id().toString()).map(r -> r.get("details", String.class)).one()
                .block(Duration.ofSeconds(10));
        assertThat(update).as("the plan before and after").contains("before={name=" + name + ", version=1")
                .contains("perSecond=7").contains("after={name=" + name + ", version=2").contains("perSecond=9");
        String assigned = db.sql("SELECT details FROM audit_log WHERE action = 'tenant.plan' AND target = :t")
                .bind("t", tenant.id().toString()).map(r -> r.get("details", String.class)).one()
                .block(Duration.ofSeconds(10));
        assertThat(assigned).isEqualTo("before={plan=default}, after={plan=" + pro.id() + "}");
    }

    @Test
    void badPlansAreRefusedByField() {
        calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", "x-" + UUID.randomUUID(),
                        "limits", Map.of("scrape", Map.of("perSecond", 5, "burst", 2))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limits.scrape.burst")
                .jsonPath("$.errors[1].field").isEqualTo("limits.jobs");
        calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", "x", "limits", limits(1), "price", 3))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("price");
        calls().admin().post().uri("/admin/v1/plans").bodyValue(Map.of("name", "default", "limits", limits(1)))
                .exchange().expectStatus().isEqualTo(409);
        TenantView tenant = calls().createTenant("unplanned-" + UUID.randomUUID());
        calls().admin().put().uri("/admin/v1/tenants/" + tenant.id() + "/plan").bodyValue(Map.of("planId", UUID.randomUUID()))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("planId");
        calls().admin().put().uri("/admin/v1/plans/" + UUID.randomUUID()).bodyValue(Map.of("name", "y", "limits", limits(1)))
                .exchange().expectStatus().isNotFound();
    }
}

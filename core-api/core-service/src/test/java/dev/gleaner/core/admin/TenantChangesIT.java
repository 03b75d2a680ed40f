package dev.gleaner.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.audit.AuditPage;
import dev.gleaner.core.client.webhook.WebhookSecret;
import dev.gleaner.core.job.JobsTestContext;

/** {@code PATCH /admin/v1/tenants/{id}} and an operator's rotation of a tenant's webhook secret. */
class TenantChangesIT extends JobsTestContext {

    private AuditPage audit(String action) {
        return calls().admin().get().uri("/admin/v1/audit?action=" + action + "&limit=500").exchange()
                .expectStatus().isOk().expectBody(AuditPage.class).returnResult().getResponseBody();
    }

    @Test
    void anOperatorRenamesATenantAndChangesItsCapAndRetentionAuditedWithBeforeAndAfter() {
        TenantView tenant = calls().createTenant("changed-" + UUID.randomUUID());
        String renamed = "renamed-" + UUID.randomUUID();
        TenantView changed = calls().asOperator("admin").patch().uri("/admin/v1/tenants/" + tenant.id())
                .bodyValue(Map.of("name", renamed, "concurrencyCap", 9)).exchange().expectStatus().isOk()
                .expectBody(TenantView.class).returnResult().getResponseBody();
        assertThat(changed.name()).isEqualTo(renamed);
        assertThat(changed.concurrencyCap()).isEqualTo(9);
        assertThat(changed.retentionDays()).as("left out: unchanged").isEqualTo(tenant.retentionDays());

        calls().admin().patch().uri("/admin/v1/tenants/" + tenant.id()).bodyValue(Map.of("retentionDays", 30))
                .exchange().expectStatus().isOk().expectBody(TenantView.class)
                .value(t -> assertThat(t.retentionDays()).isEqualTo(30))
                .value(t -> assertThat(t.name()).isEqualTo(renamed));
        assertThat(audit("tenant.update").entries()).filteredOn(e -> e.target().equals(tenant.id().toString()))
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo("operator:admin");
                    assertThat(e.details()).contains("before={name=" + tenant.name(), "after={name=" + renamed,
                            "concurrencyCap=9");
                });
    }

    @Test
    void aBadChangeIsRefusedNamingTheFieldAndChangesNothing() {
        TenantView tenant = calls().createTenant("unchanged-" + UUID.randomUUID());
        TenantView other = calls().createTenant("taken-" + UUID.randomUUID());
        calls().admin().patch().uri("/admin/v1/tenants/" + tenant.id())
                .bodyValue(Map.of("concurrencyCap", 0, "retentionDays", 5000)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        calls().admin().patch().uri("/admin/v1/tenants/" + tenant.id()).bodyValue(Map.of("name", " ")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
        calls().admin().patch().uri("/admin/v1/tenants/" + tenant.id()).bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest();
        calls().admin().patch().uri("/admin/v1/tenants/" + tenant.id()).bodyValue(Map.of("plan", "x")).exchange()
                .expectStatus().isBadRequest();
        calls().admin().patch().uri("/admin/v1/tenants/" + tenant.id()).bodyValue(Map.of("name", other.name()))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        calls().admin().patch().uri("/admin/v1/tenants/" + UUID.randomUUID()).bodyValue(Map.of("name", "x"))
                .exchange().expectStatus().isNotFound();
        TenantView after = calls().admin().get().uri("/admin/v1/tenants?q=" + tenant.id()).exchange()
                .expectBodyList(TenantView.class).returnResult().getResponseBody().getFirst();
        assertThat(after).isEqualTo(tenant);
    }

    @Test
    void anOperatorRotatesATenantsWebhookSecretWhichIsShownOnceAndNeverAudited() {
        TenantView tenant = calls().createTenant("secret-" + UUID.randomUUID());
        WebhookSecret first = calls().asOperator("admin").post().uri("/admin/v1/tenants/" + tenant.id()
                + "/webhook-secret").exchange().expectStatus().isCreated().expectBody(WebhookSecret.class)
                .returnResult().getResponseBody();
        WebhookSecret second = calls().admin().post().uri("/admin/v1/tenants/" + tenant.id() + "/webhook-secret")
                .exchange().expectStatus().isCreated().expectBody(WebhookSecret.class).returnResult().getResponseBody();
        assertThat(first.secret()).startsWith("whsec_").isNotEqualTo(second.secret());
        String stored = db.sql("SELECT secret FROM tenant_webhook_secrets WHERE tenant_id = :t").bind("t", tenant.id())
                .map(row -> row.get("secret", String.class)).one().block();
        assertThat(stored).isEqualTo(second.secret());
        assertThat(audit("webhook.secret.rotate").entries()).filteredOn(e -> e.target().equals(tenant.id().toString()))
                .hasSize(2).allSatisfy(e -> assertThat(e.details()).doesNotContain(first.secret(), second.secret()));
        calls().admin().post().uri("/admin/v1/tenants/" + UUID.randomUUID() + "/webhook-secret").exchange()
                .expectStatus().isNotFound();
    }
}

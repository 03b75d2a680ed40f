package dev.gleaner.admin.tenant;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.NativeLabel;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanRequest;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.usage.UsageView;

/** The tenants view: list, create, suspend, plan, usage and tokens, as an admin and as a viewer. */
class TenantsViewTest extends ViewTest {

    @SuppressWarnings("unchecked")
    private static Grid<TenantView> grid() {
        return _get(Grid.class, spec -> spec.withId("tenants-grid"));
    }

    private static List<TenantView> rows() {
        Grid<TenantView> grid = grid();
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i)).toList();
    }

    private static void createTenant(String name) {
        _get(TextField.class, spec -> spec.withId("tenant-name")).setValue(name);
        _click(_get(Button.class, spec -> spec.withId("create-tenant")));
    }

    @Test
    void aNewTenantIsListedAndShownSoATokenCanBeIssuedForItOnce() {
        show(new TenantsView(admin, refresher));
        createTenant("acme");

        assertThat(rows()).extracting(TenantView::name).containsExactly("acme");
        assertThat(_get(H3.class, spec -> spec.withId("tenant-title")).getText()).isEqualTo("acme");
        NotificationsKt.expectNotifications("Tenant 'acme' created");

        _click(_get(Button.class, spec -> spec.withId("issue-token")));
        String shown = _get(TextField.class, spec -> spec.withId("issued-token")).getValue();
        assertThat(shown).isEqualTo(admin.issued.getFirst().token());
        _click(_get(Button.class, spec -> spec.withId("close-issued-token")));
        assertThat(_find(TextField.class, spec -> spec.withId("issued-token"))).as("shown once, then gone").isEmpty();
        @SuppressWarnings("unchecked")
        Grid<TokenView> tokens = _get(Grid.class, spec -> spec.withId("tokens-grid"));
        assertThat(GridKt._size(tokens)).isEqualTo(1);
        assertThat(GridKt._get(tokens, 0).prefix()).isEqualTo(admin.issued.getFirst().prefix());
    }

    @Test
    void aTokenIssuedWithAnExpiryShowsIt() {
        show(new TenantsView(admin, refresher));
        createTenant("acme");
        _get(DateTimePicker.class, spec -> spec.withId("token-expires")).setValue(LocalDateTime.of(2030, 5, 6, 7, 8));
        _click(_get(Button.class, spec -> spec.withId("issue-token")));
        _click(_get(Button.class, spec -> spec.withId("close-issued-token")));
        assertThat(admin.tokens.getFirst().expiresAt()).isEqualTo(Instant.parse("2030-05-06T07:08:00Z"));
        @SuppressWarnings("unchecked")
        Grid<TokenView> tokens = _get(Grid.class, spec -> spec.withId("tokens-grid"));
        assertThat(GridKt._getFormattedRow(tokens, 0)).contains("2030-05-06 07:08:00Z", "active");
    }

    @Test
    void theSearchIsDoneByCoreApiAndTheListShowsWhatItAnswers() {
        admin.createTenant(new CreateTenantRequest("alpha"));
        admin.createTenant(new CreateTenantRequest("beta"));
        show(new TenantsView(admin, refresher));
        assertThat(rows()).hasSize(2);

        _get(TextField.class, spec -> spec.withId("tenant-search")).setValue("alp");
        assertThat(rows()).extracting(TenantView::name).containsExactly("alpha");
        assertThat(admin.lastQuery.get("listTenants.q")).isEqualTo("alp");
        assertThat(admin.lastQuery).containsKey("listTenants.limit");
    }

    @Test
    void aRefusalIsShownInCoreApisWordsAndChangesNothing() {
        show(new TenantsView(admin, refresher));
        createTenant("acme");
        NotificationsKt.clearNotifications();
        createTenant("ACME");
        NotificationsKt.expectNotifications("a tenant named 'ACME' already exists");
        assertThat(admin.tenants).hasSize(1);
    }

    @Test
    void anAdminSuspendsWithAReasonAndResumesATenant() {
        show(new TenantsView(admin, refresher));
        createTenant("acme");
        _click(_get(Button.class, spec -> spec.withId("suspend-tenant")));
        _get(TextField.class, spec -> spec.withId("suspend-reason")).setValue("unpaid invoice");
        _click(_get(Button.class, spec -> spec.withId("confirm-suspend")));

        assertThat(admin.tenants.getFirst().suspendedAt()).isNotNull();
        assertThat(admin.lastQuery.get("suspendTenant.reason")).isEqualTo("unpaid invoice");
        assertThat(_find(Button.class, spec -> spec.withId("suspend-tenant"))).as("hidden while suspended").isEmpty();
        _click(_get(Button.class, spec -> spec.withId("resume-tenant")));
        assertThat(admin.tenants.getFirst().suspendedAt()).isNull();
    }

    @Test
    void aTenantIsPutOnAPlanAndItsUsageIsABarPerAllowance() {
        PlanView pro = admin.createPlan(new PlanRequest("pro",
                admin.plans.getFirst().limits(), new PlanAllowances(100L, null, 50L, null, null, null, null,
                        2_000L, "small-model", null)));
        show(new TenantsView(admin, refresher));
        createTenant("acme");
        TenantView acme = admin.tenants.getFirst();
        admin.used.put(acme.id(), new UsageView.Counts(95L, 7L, 10L, 1_500L));

        @SuppressWarnings("unchecked")
        Select<PlanView> plan = _get(Select.class, spec -> spec.withId("tenant-plan"));
        plan.setValue(pro);
        _click(_get(Button.class, spec -> spec.withId("assign-plan")));

        assertThat(admin.tenants.getFirst().planId()).isEqualTo(pro.id());
        assertThat(_get(Paragraph.class, spec -> spec.withId("tenant-plan-limits")).getText())
                .startsWith("Plan pro: scrape 20/s, burst 100;").contains("allowances: 100 requests/month");
        assertThat(_get(NativeLabel.class, spec -> spec.withId("usage-requests-label")).getText())
                .isEqualTo("Requests: 95 of 100");
        assertThat(_get(ProgressBar.class, spec -> spec.withId("usage-requests")).getValue()).isEqualTo(0.95);
        assertThat(_get(NativeLabel.class, spec -> spec.withId("usage-pages-label")).getText())
                .isEqualTo("Pages: 7 (unlimited)");
        assertThat(_find(ProgressBar.class, spec -> spec.withId("usage-pages"))).isEmpty();
        assertThat(_get(ProgressBar.class, spec -> spec.withId("usage-browser-seconds")).getValue()).isEqualTo(0.2);
        assertThat(_get(NativeLabel.class, spec -> spec.withId("usage-llm-tokens-label")).getText())
                .isEqualTo("Language model tokens: 1500 of 2000");
        assertThat(_get(Paragraph.class, spec -> spec.withId("tenant-plan-limits")).getText())
                .contains("2000 model tokens/month", "model small-model");

        admin.used.put(acme.id(), new UsageView.Counts(99L, 9L, 10L, 1_500L));
        push();
        assertThat(_get(NativeLabel.class, spec -> spec.withId("usage-requests-label")).getText())
                .as("the push shows the new usage").isEqualTo("Requests: 99 of 100");
    }

    @Test
    void anAdminEditsATenantSendingOnlyWhatChangedAndGivesItANewWebhookSecretShownOnce() {
        show(new TenantsView(admin, refresher));
        createTenant("acme");
        _click(_get(Button.class, spec -> spec.withId("edit-tenant")));
        _get(TextField.class, spec -> spec.withId("edit-tenant-name")).setValue("acme-corp");
        _get(IntegerField.class, spec -> spec.withId("edit-tenant-cap")).setValue(12);
        _click(_get(Button.class, spec -> spec.withId("save-tenant")));
        assertThat(admin.tenants.getFirst().name()).isEqualTo("acme-corp");
        assertThat(admin.tenants.getFirst().concurrencyCap()).isEqualTo(12);
        assertThat(admin.lastQuery).doesNotContainKey("updateTenant.retentionDays");
        assertThat(_get(H3.class, spec -> spec.withId("tenant-title")).getText()).isEqualTo("acme-corp");

        _click(_get(Button.class, spec -> spec.withId("edit-tenant")));
        _get(IntegerField.class, spec -> spec.withId("edit-tenant-cap")).setValue(0);
        _click(_get(Button.class, spec -> spec.withId("save-tenant")));
        NotificationsKt.expectNotifications("Tenant 'acme' created", "Tenant 'acme-corp' saved",
                "concurrencyCap: must be between 1 and 1000");
        assertThat(_find(Button.class, spec -> spec.withId("save-tenant"))).as("the dialog stays open").isNotEmpty();
        assertThat(admin.tenants.getFirst().concurrencyCap()).isEqualTo(12);

        _click(_get(Button.class, spec -> spec.withId("rotate-webhook-secret")));
        _click(_get(Button.class, spec -> spec.withId("confirm-rotate")));
        assertThat(_get(TextField.class, spec -> spec.withId("webhook-secret")).getValue())
                .isEqualTo(admin.secrets.get(admin.tenants.getFirst().id()));
    }

    @Test
    void aViewerSeesTenantsAndTokensButNoControlThatChangesThem() {
        admin.createTenant(new CreateTenantRequest("acme"));
        signInAs("victor", SignedIn.VIEWER);
        show(new TenantsView(admin, refresher));
        grid().select(rows().getFirst());

        assertThat(_get(H3.class, spec -> spec.withId("tenant-title")).getText()).isEqualTo("acme");
        for (String control : List.of("tenant-name", "create-tenant", "issue-token", "revoke-token", "suspend-tenant",
                "resume-tenant", "assign-plan", "edit-tenant", "rotate-webhook-secret")) {
            assertThat(_find(Component.class, spec -> spec.withId(control)))
                    .as(control).isEmpty();
        }
        assertThat(_get(Select.class, spec -> spec.withId("tenant-plan")).isReadOnly()).isTrue();
    }
}

package dev.gleaner.admin.plan;

import com.vaadin.flow.component.grid.GridSortOrder;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.AssignPlanRequest;
import dev.gleaner.core.client.plan.PlanView;

/** The plans view: create and edit a plan's rates and allowances, and see which tenants are on it. */
class PlansViewTest extends ViewTest {

    @SuppressWarnings("unchecked")
    private static Grid<PlanView> grid() {
        return _get(Grid.class, spec -> spec.withId("plans-grid"));
    }

    private static void set(String id, Integer value) {
        _get(IntegerField.class, spec -> spec.withId(id)).setValue(value);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdminCreatesAPlanWithItsRatesAndAllowancesThenEditsIt() {
        show(new PlansView(admin, refresher));
        _get(TextField.class, spec -> spec.withId("plan-name")).setValue("pro");
        set("plan-scrape-rate", 50);
        set("plan-scrape-burst", 200);
        set("plan-requests", 100_000);
        set("plan-concurrent-browsers", 3);
        _get(CheckboxGroup.class, spec -> spec.withId("plan-features")).setValue(Set.of("browser", "crawls",
                "llm-extraction"));
        set("plan-llm-tokens", 250_000);
        _get(TextField.class, spec -> spec.withId("plan-llm-model")).setValue(" gpt-4o-mini ");
        _click(_get(Button.class, spec -> spec.withId("save-plan")));

        PlanView made = admin.plans.getLast();
        assertThat(made.name()).isEqualTo("pro");
        assertThat(made.limits().scrape().perSecond()).isEqualTo(50);
        assertThat(made.limits().scrape().burst()).isEqualTo(200);
        assertThat(made.allowances().requestsPerMonth()).isEqualTo(100_000L);
        assertThat(made.allowances().pagesPerMonth()).as("left empty: unlimited").isNull();
        assertThat(made.allowances().concurrentBrowsers()).isEqualTo(3);
        assertThat(made.allowances().features()).containsExactlyInAnyOrder("browser", "crawls", "llm-extraction");
        assertThat(made.allowances().llmTokensPerMonth()).isEqualTo(250_000L);
        assertThat(made.allowances().llmModel()).isEqualTo("gpt-4o-mini");
        assertThat(made.allowances().llmMaxInputTokens()).as("left empty: the configured one").isNull();
        NotificationsKt.expectNotifications("Plan 'pro' saved (version 1)");
        assertThat(grid().getSelectedItems()).extracting(PlanView::name).containsExactly("pro");

        set("plan-scrape-rate", 60);
        _click(_get(Button.class, spec -> spec.withId("save-plan")));
        assertThat(admin.plans.getLast().limits().scrape().perSecond()).isEqualTo(60);
        assertThat(admin.plans.getLast().version()).isEqualTo(2);
        assertThat(admin.plans).hasSize(2);
    }

    @Test
    void aPlanShowsTheTenantsOnIt() {
        PlanView standard = admin.plans.getFirst();
        TenantView acme = admin.createTenant(new CreateTenantRequest("acme"));
        show(new PlansView(admin, refresher));
        grid().select(GridKt._get(grid(), 0));
        @SuppressWarnings("unchecked")
        Grid<TenantView> tenants = _get(Grid.class, spec -> spec.withId("plan-tenants"));
        assertThat(GridKt._size(tenants)).isEqualTo(1);
        assertThat(GridKt._get(tenants, 0).id()).isEqualTo(acme.id());
        assertThat(admin.lastQuery.get("listTenants.plan")).isEqualTo(standard.id());
        admin.assignPlan(acme.id(), new AssignPlanRequest(standard.id()));
    }

    @Test
    void aRefusedPlanIsShownInCoreApisWordsAndNotAdded() {
        show(new PlansView(admin, refresher));
        _get(TextField.class, spec -> spec.withId("plan-name")).setValue("default");
        _click(_get(Button.class, spec -> spec.withId("save-plan")));
        NotificationsKt.expectNotifications("a plan named 'default' already exists");
        assertThat(admin.plans).hasSize(1);
    }

    @Test
    void aViewerSeesPlansReadOnly() {
        signInAs("victor", SignedIn.VIEWER);
        show(new PlansView(admin, refresher));
        grid().select(GridKt._get(grid(), 0));
        assertThat(_find(Button.class, spec -> spec.withId("save-plan"))).isEmpty();
        assertThat(_find(Button.class, spec -> spec.withId("new-plan"))).isEmpty();
        assertThat(_get(TextField.class, spec -> spec.withId("plan-name")).isReadOnly()).isTrue();
        assertThat(_get(IntegerField.class, spec -> spec.withId("plan-scrape-rate")).isReadOnly()).isTrue();
    }

    @Test
    void theListIsSearchedAndSortedByCoreApiAndAPushShowsAPlanAddedElsewhere() {
        show(new PlansView(admin, refresher));
        assertThat(GridKt._size(grid())).isEqualTo(1);

        admin.createPlan(new dev.gleaner.core.client.plan.PlanRequest("enterprise",
                admin.plans.getFirst().limits(), admin.plans.getFirst().allowances()));
        push();
        assertThat(GridKt._size(grid())).as("another operator's plan, pushed").isEqualTo(2);

        _get(TextField.class, spec -> spec.withId("plans-search")).setValue("enter");
        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(admin.lastQuery.get("listPlans.q")).isEqualTo("enter");

        Grid<PlanView> plans = grid();
        plans.sort(GridSortOrder.desc(plans.getColumns().getFirst()).build());
        GridKt._size(plans);
        assertThat(admin.lastQuery.get("listPlans.sort")).isEqualTo("name");
        assertThat(admin.lastQuery.get("listPlans.order")).isEqualTo("desc");
        assertThat(admin.lastQuery).containsKeys("listPlans.offset", "listPlans.limit");
    }
}

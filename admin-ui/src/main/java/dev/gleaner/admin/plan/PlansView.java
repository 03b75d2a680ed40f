package dev.gleaner.admin.plan;

import java.util.List;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.PlanAllowances;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.client.plan.Rate;

/**
 * Plans: their rates per route family and allowances, and which tenants are on each. An admin creates a plan
 * and edits one (a change is a new version, which gateways pick up with their token cache).
 */
@Route(value = "plans", layout = MainLayout.class)
@PageTitle("Plans · Gleaner")
@PermitAll
public class PlansView extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(PlansView.class);
    private static final int TENANTS_SHOWN = 50;

    private final AdminApi admin;
    private final Grid<PlanView> grid = new Grid<>(PlanView.class, false);
    private final PlanForm form = new PlanForm();
    private final H3 formTitle = new H3("New plan");
    private final Button save = new Button("Save plan");
    private final Grid<TenantView> tenants = new Grid<>(TenantView.class, false);

    private final TextField search = Grids.searchField("plans-search", "Search", "part of a name, or an id",
            () -> grid.getDataProvider().refreshAll());

    public PlansView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        setSizeFull();
        grid.setId("plans-grid");
        grid.setAriaLabel("Plans");
        grid.addColumn(PlanView::name).setHeader("Name").setSortProperty("name").setAutoWidth(true);
        grid.addColumn(p -> p.isDefault() ? "default" : "").setHeader("Default");
        grid.addColumn(p -> rate(p.limits().scrape())).setHeader("Scrape");
        grid.addColumn(p -> rate(p.limits().jobs())).setHeader("Jobs");
        grid.addColumn(p -> rate(p.limits().crawls())).setHeader("Crawls");
        grid.addColumn(p -> rate(p.limits().read())).setHeader("Read");
        grid.addColumn(p -> allowances(p.allowances())).setHeader("Allowances").setFlexGrow(2);
        grid.addColumn(PlanView::version).setHeader("Version");
        grid.addColumn(p -> Shown.instant(p.updatedAt())).setHeader("Updated");
        grid.addColumn(p -> Shown.instant(p.createdAt())).setHeader("Created").setSortProperty("createdAt");
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresentOrElse(this::showPlan, this::newPlan));
        grid.setMinHeight("14em");
        Grids.paged(grid, (sort, order, offset, limit) -> admin.listPlans(Shown.query(search), sort, order, offset, limit),
                PlanView::id);


        tenants.setId("plan-tenants");
        tenants.setAriaLabel("Tenants on the plan");
        tenants.addColumn(TenantView::name).setHeader("Tenants on this plan");
        tenants.addColumn(TenantView::id).setHeader("Id");
        tenants.setAllRowsVisible(true);

        HorizontalLayout header = new HorizontalLayout(new H2("Plans"), search);
        header.setAlignItems(Alignment.BASELINE);
        add(header, grid, formTitle, form);
        if (SignedIn.canChange()) {
            Button fresh = new Button("New plan", e -> grid.deselectAll());
            fresh.setId("new-plan");
            header.add(fresh);
            save.setId("save-plan");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.addClickListener(e -> save());
            add(save);
        } else {
            form.setReadOnly(true);
        }
        add(tenants);
        newPlan();
        // plans changed by another operator show within a refresh; the form under the operator's hands stays
        refresher.every(this, () -> grid.getDataProvider().refreshAll());
    }

    private void refresh(PlanView select) {
        grid.getDataProvider().refreshAll();
        if (select != null) {
            grid.select(select);
        }
    }

    private void newPlan() {
        formTitle.setText(SignedIn.canChange() ? "New plan" : "Select a plan to see it");
        form.clearForNew();
        save.setText("Create plan");
        tenants.setVisible(false);
    }

    private void showPlan(PlanView plan) {
        formTitle.setText("Plan " + plan.name() + " (version " + plan.version() + ")");
        form.show(plan);
        save.setText("Save plan");
        tenants.setItems(CoreApiCall.of(() -> admin.listTenants(null, plan.id(), "name", "asc", 0, TENANTS_SHOWN))
                .orElse(List.of()));
        tenants.setVisible(true);
    }

    private void save() {
        PlanView selected = grid.getSelectedItems().stream().findFirst().orElse(null);
        (selected == null ? CoreApiCall.of(() -> admin.createPlan(form.request()))
                : CoreApiCall.of(() -> admin.updatePlan(selected.id(), form.request()))).ifPresent(plan -> {
                    log.info("operator {} {} plan '{}' (version {})", SignedIn.name().orElse("?"),
                            selected == null ? "created" : "changed", plan.name(), plan.version());
                    CoreApiCall.success("Plan '" + plan.name() + "' saved (version " + plan.version() + ")");
                    refresh(plan);
                });
    }

    /** A plan's limits per route family and its allowances, in one line. */
    public static String describe(PlanView plan) {
        return "scrape " + rate(plan.limits().scrape()) + "; jobs " + rate(plan.limits().jobs()) + "; crawls "
                + rate(plan.limits().crawls()) + "; read " + rate(plan.limits().read()) + "; allowances: "
                + allowances(plan.allowances());
    }

    private static String rate(Rate rate) {
        return rate == null ? "–" : rate.perSecond() + "/s, burst " + rate.burst();
    }

    static String allowances(PlanAllowances a) {
        if (a == null || a.equals(PlanAllowances.UNLIMITED)) {
            return "unlimited";
        }
        StringBuilder text = new StringBuilder();
        append(text, "requests/month", a.requestsPerMonth());
        append(text, "pages/month", a.pagesPerMonth());
        append(text, "browser s/month", a.browserSecondsPerMonth());
        append(text, "browsers", a.concurrentBrowsers());
        append(text, "pages/crawl", a.maxCrawlPages());
        append(text, "days kept", a.retentionDays());
        append(text, "model tokens/month", a.llmTokensPerMonth());
        if (a.llmModel() != null) {
            text.append(text.isEmpty() ? "" : ", ").append("model ").append(a.llmModel());
        }
        if (a.features() != null) {
            text.append(text.isEmpty() ? "" : ", ").append("features: ")
                    .append(String.join(" ", new TreeSet<>(a.features())));
        }
        return text.isEmpty() ? "unlimited" : text.toString();
    }

    private static void append(StringBuilder text, String what, Number value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : ", ").append(value).append(' ').append(what);
        }
    }
}

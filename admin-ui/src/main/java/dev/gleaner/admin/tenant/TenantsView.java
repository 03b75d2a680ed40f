package dev.gleaner.admin.tenant;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.plan.PlanView;

/**
 * Tenants: searched, sorted and paged by core-api; an admin creates one here. The selected tenant's plan,
 * usage (refreshed by push), suspension and tokens are in {@link TenantDetail} below the list.
 */
@Route(value = "tenants", layout = MainLayout.class)
@PageTitle("Tenants · Gleaner")
@PermitAll
public class TenantsView extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(TenantsView.class);
    /** Plans a team has (a plan chooser lists up to this many, by name). */
    static final int PLANS_SHOWN = 500;

    private final AdminApi admin;
    private final Grid<TenantView> grid = new Grid<>(TenantView.class, false);
    private final TextField search = Grids.searchField("tenant-search", "Search tenants", "part of a name, or an id",
            this::refresh);
    private final TenantDetail detail;
    private List<PlanView> plans = List.of();

    public TenantsView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        this.detail = new TenantDetail(admin, this::refresh);
        setSizeFull();
        add(new H2("Tenants"));

        HorizontalLayout actions = new HorizontalLayout(search);
        actions.setAlignItems(Alignment.BASELINE);
        actions.setWrap(true);
        if (SignedIn.canChange()) {
            TextField name = new TextField("New tenant");
            name.setId("tenant-name");
            name.setPlaceholder("name of the application");
            name.setMaxLength(100);
            Button create = new Button("Create tenant", e -> createTenant(name));
            create.setId("create-tenant");
            create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            actions.add(name, create);
        }
        add(actions);

        grid.setId("tenants-grid");
        grid.setAriaLabel("Tenants");
        grid.addColumn(TenantView::name).setHeader("Name").setSortProperty("name").setAutoWidth(true);
        grid.addColumn(t -> planName(t)).setHeader("Plan");
        grid.addColumn(t -> t.suspendedAt() == null ? "active" : "suspended " + Shown.instant(t.suspendedAt()))
                .setHeader("Status");
        grid.addColumn(TenantView::activeTokens).setHeader("Active tokens");
        grid.addColumn(t -> Shown.instant(t.createdAt())).setHeader("Created").setSortProperty("createdAt");
        grid.addColumn(TenantView::id).setHeader("Id").setAutoWidth(true);
        grid.setSelectionMode(Grid.SelectionMode.SINGLE);
        Grids.paged(grid, (sort, order, offset, limit) -> admin.listTenants(Shown.query(search), null, sort, order,
                offset, limit), TenantView::id);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(t -> detail.show(t.id(), plans)));
        grid.setMinHeight("16em");
        add(grid, detail);
        loadPlans();
        // the list (tokens, suspensions, plans changed elsewhere) and the shown tenant's usage move while the operator
        // looks; the shown tenant's controls are not reset under the operator's hands
        refresher.every(this, () -> {
            grid.getDataProvider().refreshAll();
            detail.refreshUsage();
        });
    }

    private String planName(TenantView tenant) {
        return plans.stream().filter(p -> tenant.planId() == null ? p.isDefault() : p.id().equals(tenant.planId()))
                .map(PlanView::name).findFirst().orElse(tenant.planId() == null ? "default" : tenant.planId().toString());
    }

    private void loadPlans() {
        plans = CoreApiCall.of(() -> admin.listPlans(null, "name", "asc", 0, PLANS_SHOWN)).orElse(List.of());
    }

    /** Lists the tenants again and shows the selected one afresh. */
    void refresh() {
        loadPlans();
        grid.getDataProvider().refreshAll();
        detail.reload(plans);
    }

    private void createTenant(TextField name) {
        Optional<TenantView> created = CoreApiCall.of(() -> admin.createTenant(new CreateTenantRequest(name.getValue())));
        created.ifPresent(tenant -> {
            log.info("operator {} created tenant '{}' ({})", SignedIn.name().orElse("?"), tenant.name(), tenant.id());
            name.clear();
            search.setValue(tenant.name());
            refresh();
            grid.select(tenant);
            detail.show(tenant.id(), plans);
            CoreApiCall.success("Tenant '" + tenant.name() + "' created");
        });
    }
}

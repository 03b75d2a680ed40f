package dev.gleaner.admin.job;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.admin.shell.IdField;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.job.AdminJobView;

/**
 * Jobs of every tenant (a batch's and a crawl's pages too), newest first, found by tenant, status, kind, domain and
 * time in core-api and paged by its cursor. The selected job is shown in {@link JobDetail}, kept fresh by push.
 * {@code ?tenant=<id>} opens the view filtered on a tenant, {@code ?parent=<id>} on a batch's or crawl's pages.
 */
@Route(value = "jobs", layout = MainLayout.class)
@PageTitle("Jobs · Gleaner")
@PermitAll
public class JobsView extends VerticalLayout implements BeforeEnterObserver {

    private static final String NEWEST_FIRST = "newest first";
    private static final String OLDEST_FIRST = "oldest first";
    private static final int PAGE = 50;
    private static final String ANY = "any";

    private final AdminApi admin;
    private final Grid<AdminJobView> grid = new Grid<>(AdminJobView.class, false);
    private final IdField tenant = IdField.tenant("Tenant id");
    private final Select<String> status = new Select<>();
    private final Select<String> kind = new Select<>();
    private final IdField parent = new IdField("Batch or crawl id", "a batch's or crawl's id, or empty");
    private final TextField domain = new TextField("Domain");
    private final DateTimePicker from = new DateTimePicker("Created from (UTC)");
    private final DateTimePicker to = new DateTimePicker("Created before (UTC)");
    private final Select<String> order = new Select<>();
    private final Button older = new Button("More");
    private final JobDetail detail;
    private final List<AdminJobView> shown = new ArrayList<>();
    private String next;

    public JobsView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        this.detail = new JobDetail(admin, this::search);
        setSizeFull();
        tenant.setId("jobs-tenant");
        status.setId("jobs-status");
        status.setLabel("Status");
        status.setItems(ANY, "queued", "running", "succeeded", "failed", "blocked", "cancelled");
        status.setValue(ANY);
        kind.setId("jobs-kind");
        kind.setLabel("Kind");
        kind.setItems(ANY, "job", "batch", "crawl");
        kind.setValue(ANY);
        parent.setId("jobs-parent");
        domain.setId("jobs-domain");
        domain.setPlaceholder("example.com");
        order.setId("jobs-order");
        order.setLabel("Order");
        order.setItems(NEWEST_FIRST, OLDEST_FIRST);
        order.setValue(NEWEST_FIRST);
        order.addValueChangeListener(e -> search());
        from.setId("jobs-from");
        to.setId("jobs-to");
        Button search = new Button("Search", e -> search());
        search.setId("jobs-search");
        search.addClickShortcut(Key.ENTER);
        older.setId("jobs-older");
        older.addClickListener(e -> page());
        HorizontalLayout filters = new HorizontalLayout(tenant, status, kind, parent, domain, from, to, order, search);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("jobs-grid");
        grid.setAriaLabel("Jobs");
        // ordered by core-api (the order chooser); status and kind are filters
        grid.addColumn(j -> Shown.instant(j.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(AdminJobView::status).setHeader("Status");
        grid.addColumn(AdminJobView::url).setHeader("URL").setFlexGrow(3);
        grid.addColumn(AdminJobView::kind).setHeader("Kind");
        grid.addColumn(AdminJobView::attempts).setHeader("Attempts");
        grid.addColumn(j -> j.error() == null ? "" : j.error().outcome()).setHeader("Error");
        grid.addColumn(AdminJobView::tenantId).setHeader("Tenant");
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(j -> detail.show(j.id())));
        grid.setMinHeight("16em");
        add(new H2("Jobs"), filters, grid, older, detail);
        refresher.every(this, detail::refresh);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.getLocation().getQueryParameters().getSingleParameter("tenant").ifPresent(tenant::setValue);
        event.getLocation().getQueryParameters().getSingleParameter("parent").ifPresent(parent::setValue);
        search();
    }

    void search() {
        shown.clear();
        next = null;
        page();
    }

    private void page() {
        if (!tenant.check()) {
            return;
        }
        UUID tenantId = tenant.id();
        if (!parent.check()) {
            return;
        }
        UUID parentId = parent.id();
        String cursor = next;
        CoreApiCall.of(() -> admin.jobs(tenantId, any(status.getValue()), any(kind.getValue()), parentId,
                domain.getValue().isBlank() ? null : domain.getValue().strip(),
                from.getValue() == null ? null : from.getValue().toInstant(ZoneOffset.UTC),
                to.getValue() == null ? null : to.getValue().toInstant(ZoneOffset.UTC),
                OLDEST_FIRST.equals(order.getValue()) ? "asc" : "desc", cursor, PAGE))
                .ifPresent(found -> {
                    shown.addAll(found.jobs());
                    next = found.next();
                    grid.setItems(shown);
                    older.setEnabled(next != null);
                });
    }

    private static String any(String value) {
        return ANY.equals(value) ? null : value;
    }
}

package dev.gleaner.admin.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.admin.shell.IdField;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.webhook.DeliveryAttempt;
import dev.gleaner.core.client.webhook.DeliveryDetail;
import dev.gleaner.core.client.webhook.DeliveryView;

/**
 * Webhook deliveries, newest first (a page at a time, older ones on demand), by status (pending, delivered, dead: the dead letters) and tenant, with their
 * attempts and last answer; the selected one's every attempt below (pushed). An admin sends an undelivered one again
 * from its first attempt.
 */
@Route(value = "webhooks", layout = MainLayout.class)
@PageTitle("Webhook deliveries · Gleaner")
@PermitAll
public class DeliveriesView extends VerticalLayout {

    private static final int PAGE = 100;
    private static final String ANY = "any";

    private final AdminApi admin;
    private final Grid<DeliveryView> grid = new Grid<>(DeliveryView.class, false);
    private final Select<String> status = new Select<>();
    private final IdField tenant = IdField.tenant("Tenant id");
    private final Button older = new Button("Older");
    private final List<DeliveryView> shown = new ArrayList<>();
    private final H3 attemptsTitle = new H3("Attempts");
    private final Grid<DeliveryAttempt> attempts = new Grid<>(DeliveryAttempt.class, false);

    public DeliveriesView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        setSizeFull();
        status.setId("delivery-status");
        status.setLabel("Status");
        status.setItems(ANY, "pending", "delivered", "dead");
        status.setValue(ANY);
        status.addValueChangeListener(e -> reload());
        tenant.setId("delivery-tenant");
        tenant.addValueChangeListener(e -> reload());
        HorizontalLayout filters = new HorizontalLayout(status, tenant);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        grid.setId("deliveries-grid");
        grid.setAriaLabel("Webhook deliveries");
        // newest first, paged by core-api; status and tenant are filters
        grid.addColumn(d -> Shown.instant(d.createdAt())).setHeader("Created").setAutoWidth(true);
        grid.addColumn(DeliveryView::event).setHeader("Event");
        grid.addColumn(DeliveryView::status).setHeader("Status");
        grid.addColumn(DeliveryView::attempts).setHeader("Attempts");
        grid.addColumn(d -> Shown.value(d.lastStatus())).setHeader("Last answer");
        grid.addColumn(d -> Shown.value(d.lastError())).setHeader("Last error").setFlexGrow(2);
        grid.addColumn(DeliveryView::url).setHeader("URL").setFlexGrow(2);
        grid.addColumn(d -> Shown.value(d.jobId() != null ? d.jobId() : d.batchId())).setHeader("Job or batch");
        grid.addColumn(d -> Shown.instant(d.nextAttemptAt())).setHeader("Next attempt");
        attempts.setId("delivery-attempts");
        attempts.setAriaLabel("Attempts of the selected delivery");
        attempts.addColumn(DeliveryAttempt::attempt).setHeader("Attempt");
        attempts.addColumn(a -> Shown.instant(a.at())).setHeader("At");
        attempts.addColumn(a -> Shown.value(a.status())).setHeader("Answer");
        attempts.addColumn(a -> a.error() == null ? "delivered" : a.error()).setHeader("Outcome").setFlexGrow(3);
        attempts.setAllRowsVisible(true);
        grid.addSelectionListener(e -> showAttempts());
        add(new H2("Webhook deliveries"), filters, grid);
        if (SignedIn.canChange()) {
            Button redeliver = new Button("Deliver again", e -> grid.getSelectedItems().stream().findFirst()
                    .ifPresent(this::redeliver));
            redeliver.setId("redeliver");
            redeliver.setEnabled(false);
            grid.addSelectionListener(e -> redeliver.setEnabled(e.getFirstSelectedItem()
                    .filter(d -> !"delivered".equals(d.status())).isPresent()));
            add(redeliver);
        }
        older.setId("deliveries-older");
        older.addClickListener(e -> older());
        add(older, attemptsTitle, attempts);
        reload();
        refresher.every(this, this::refresh);
    }

    /** What a push does: the newest page again, unless the operator went back to older ones (kept as shown). */
    private void refresh() {
        if (shown.size() > PAGE) {
            showAttempts();
            return;
        }
        reload();
    }

    /** The newest page of what the filters ask for. */
    private void reload() {
        if (!tenant.check()) {
            return;
        }
        UUID tenantId = tenant.id();
        String wanted = ANY.equals(status.getValue()) ? null : status.getValue();
        CoreApiCall.of(() -> admin.deliveries(wanted, tenantId, null, PAGE)).ifPresent(found -> {
            shown.clear();
            shown.addAll(found);
            Grids.refill(grid, List.copyOf(shown), DeliveryView::id);
            older.setEnabled(found.size() == PAGE);
        });
        showAttempts();
    }

    /** The page older than the last delivery shown. */
    private void older() {
        if (shown.isEmpty() || !tenant.check()) {
            return;
        }
        UUID tenantId = tenant.id();
        String wanted = ANY.equals(status.getValue()) ? null : status.getValue();
        UUID last = shown.getLast().id();
        CoreApiCall.of(() -> admin.deliveries(wanted, tenantId, last, PAGE)).ifPresent(found -> {
            shown.addAll(found);
            Grids.refill(grid, List.copyOf(shown), DeliveryView::id);
            older.setEnabled(found.size() == PAGE);
        });
    }

    private void showAttempts() {
        DeliveryView selected = grid.getSelectedItems().stream().findFirst().orElse(null);
        attemptsTitle.setText(selected == null ? "Attempts (select a delivery)" : "Attempts of " + selected.id());
        attempts.setItems(selected == null ? List.of() : CoreApiCall.of(() -> admin.delivery(selected.id()))
                .map(DeliveryDetail::attempts).orElse(List.of()));
    }

    private void redeliver(DeliveryView delivery) {
        CoreApiCall.of(() -> admin.redeliver(delivery.id())).ifPresent(sent -> {
            CoreApiCall.success("Delivery " + sent.id() + " is being sent again");
            reload();
        });
    }
}

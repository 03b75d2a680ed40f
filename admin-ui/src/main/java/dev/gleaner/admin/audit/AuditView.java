package dev.gleaner.admin.audit;

import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.audit.AuditEntry;

/**
 * The audit log, newest first, searched by actor and action in core-api and paged by its cursor ("Older"
 * fetches the next page).
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit log · Gleaner")
@PermitAll
public class AuditView extends VerticalLayout {

    private static final int PAGE = 100;

    private final AdminApi admin;
    private final Grid<AuditEntry> grid = new Grid<>(AuditEntry.class, false);
    private final TextField actor = new TextField("Actor");
    private final TextField action = new TextField("Action");
    private final Button older = new Button("Older");
    private final List<AuditEntry> shown = new ArrayList<>();
    private String next;

    public AuditView(AdminApi admin) {
        this.admin = admin;
        setSizeFull();
        actor.setId("audit-actor");
        actor.setPlaceholder("operator:admin");
        action.setId("audit-action");
        action.setPlaceholder("tenant.create");
        Button search = new Button("Search", e -> search());
        search.setId("audit-search");
        search.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
        older.setId("audit-older");
        older.addClickListener(e -> page());
        HorizontalLayout filters = new HorizontalLayout(actor, action, search);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        grid.setId("audit-grid");
        grid.setAriaLabel("Audit log");
        grid.addColumn(e -> Shown.instant(e.at())).setHeader("At").setAutoWidth(true);
        grid.addColumn(AuditEntry::actor).setHeader("Actor").setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader("Target").setAutoWidth(true);
        grid.addColumn(AuditEntry::details).setHeader("Details").setFlexGrow(3);
        grid.addColumn(e -> Shown.value(e.requestId())).setHeader("Request id");
        add(new H2("Audit log"), filters, grid, older);
        search();
    }

    private void search() {
        shown.clear();
        next = null;
        page();
    }

    private void page() {
        String cursor = next;
        CoreApiCall.of(() -> admin.audit(blankToNull(actor.getValue()), blankToNull(action.getValue()), null, null,
                cursor, PAGE)).ifPresent(found -> {
                    shown.addAll(found.entries());
                    next = found.next();
                    grid.setItems(shown);
                    older.setEnabled(next != null);
                });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

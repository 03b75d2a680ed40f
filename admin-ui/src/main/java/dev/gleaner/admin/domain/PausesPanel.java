package dev.gleaner.admin.domain;

import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.admin.shell.IdField;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.client.policy.DomainPauseView;

/**
 * Domain pauses in force. An admin pauses a domain (for every tenant, or one tenant's id), with a reason and an
 * optional end (UTC), and resumes a paused one; fetching from it stops or starts again across the cluster within
 * a second or two.
 */
final class PausesPanel extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(PausesPanel.class);

    private final AdminApi admin;
    private final Runnable changed;
    private final Grid<DomainPauseView> grid = new Grid<>(DomainPauseView.class, false);
    private final TextField domain = new TextField("Domain");
    private final IdField tenant = IdField.tenant("Tenant id (empty: every tenant)");
    private final TextField reason = new TextField("Reason");
    private final DateTimePicker until = new DateTimePicker("Until (UTC, empty: until resumed)");
    private final Button resume = new Button("Resume domain");
    private final TextField search = Grids.searchField("pauses-search", "Search pauses",
            "part of a domain or a reason", this::refresh);

    PausesPanel(AdminApi admin, Runnable changed) {
        this.admin = admin;
        this.changed = changed;
        setPadding(false);
        grid.setId("pauses-grid");
        grid.setAriaLabel("Domain pauses in force");
        grid.addColumn(DomainPauseView::domain).setHeader("Domain").setSortProperty("domain").setAutoWidth(true);
        grid.addColumn(p -> p.tenantId() == null ? "every tenant" : p.tenantId().toString()).setHeader("For");
        grid.addColumn(DomainPauseView::reason).setHeader("Reason").setFlexGrow(2);
        grid.addColumn(p -> p.until() == null ? "until resumed" : Shown.instant(p.until())).setHeader("Until")
                .setSortProperty("until");
        grid.addColumn(DomainPauseView::createdBy).setHeader("By");
        grid.addColumn(p -> Shown.instant(p.createdAt())).setHeader("Since").setSortProperty("createdAt");
        grid.setMinHeight("12em");
        Grids.paged(grid, (sort, order, offset, limit) -> admin.listPauses(Shown.query(search), null,
                sort == null ? "createdAt" : sort, order == null ? "desc" : order, offset, limit), DomainPauseView::id);
        add(search, grid);
        if (SignedIn.canChange()) {
            domain.setId("pause-domain");
            domain.setPlaceholder("example.com");
            tenant.setId("pause-tenant");
            reason.setId("pause-reason");
            reason.setMaxLength(500);
            until.setId("pause-until");
            Button pause = new Button("Pause domain", e -> pause());
            pause.setId("pause-domain-button");
            pause.addThemeVariants(ButtonVariant.LUMO_ERROR);
            resume.setId("resume-domain");
            resume.setEnabled(false);
            resume.addClickListener(e -> grid.getSelectedItems().stream().findFirst().ifPresent(this::resume));
            grid.addSelectionListener(e -> resume.setEnabled(e.getFirstSelectedItem().isPresent()));
            HorizontalLayout form = new HorizontalLayout(domain, tenant, reason, until, pause, resume);
            form.setAlignItems(FlexComponent.Alignment.BASELINE);
            form.setWrap(true);
            add(form);
        }
    }

    void refresh() {
        grid.getDataProvider().refreshAll();
    }

    void suggest(String name) {
        domain.setValue(name);
    }

    private void pause() {
        if (!tenant.check()) {
            return;
        }
        UUID tenantId = tenant.id();
        DomainPauseRequest request = new DomainPauseRequest(domain.getValue().strip(), tenantId, reason.getValue(),
                until.getValue() == null ? null : until.getValue().toInstant(ZoneOffset.UTC));
        CoreApiCall.of(() -> admin.pause(request)).ifPresent(made -> {
            log.info("operator {} paused {} for {}", SignedIn.name().orElse("?"), made.domain(),
                    made.tenantId() == null ? "every tenant" : made.tenantId());
            CoreApiCall.success(made.domain() + " paused");
            reason.clear();
            changed.run();
        });
    }

    private void resume(DomainPauseView pause) {
        CoreApiCall.of(() -> admin.endPause(pause.id())).ifPresent(ended -> {
            log.info("operator {} resumed {}", SignedIn.name().orElse("?"), ended.domain());
            CoreApiCall.success(ended.domain() + " resumed");
            changed.run();
        });
    }
}

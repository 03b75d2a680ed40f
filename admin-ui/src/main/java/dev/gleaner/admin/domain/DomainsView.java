package dev.gleaner.admin.domain;

import java.util.List;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.policy.DomainView;

/**
 * Domains as the policy gate sees them, live: request rate, 429s and blocks over the last minutes, the politeness
 * rate against its ceiling, fetches in flight, the breaker. Pauses in force are below ({@link PausesPanel}: an admin
 * pauses or resumes a domain, for everyone or one tenant), and a domain's own settings ({@link PolicyPanel}).
 */
@Route(value = "domains", layout = MainLayout.class)
@PageTitle("Domains · Gleaner")
@PermitAll
public class DomainsView extends VerticalLayout {

    private static final int SHOWN = 500;

    private final AdminApi admin;
    private final Grid<DomainView> grid = new Grid<>(DomainView.class, false);
    private final TextField filter = new TextField("Filter domains");
    private final PausesPanel pauses;
    private final PolicyPanel policy;
    private List<DomainView> seen = List.of();

    public DomainsView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        this.pauses = new PausesPanel(admin, this::refresh);
        this.policy = new PolicyPanel(admin, this::refresh);
        setSizeFull();
        filter.setId("domain-filter");
        filter.setPlaceholder("part of a domain");
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.addValueChangeListener(e -> show());

        grid.setId("domains-grid");
        grid.setAriaLabel("Domains");
        grid.addColumn(DomainView::domain).setHeader("Domain").setSortable(true).setAutoWidth(true);
        grid.addColumn(d -> Math.round(d.recent().perMinute())).setHeader("Requests/min").setSortable(true)
                .setComparator(d -> d.recent().perMinute());
        grid.addColumn(d -> share(d.recent().throttled(), d.recent().requests())).setHeader("429/503")
                .setComparator(d -> d.recent().throttled());
        grid.addColumn(d -> share(d.recent().blocked() + d.recent().captchas(), d.recent().requests()))
                .setHeader("Blocked").setComparator(d -> d.recent().blocked() + d.recent().captchas());
        grid.addColumn(d -> d.recent().failures()).setHeader("Failures").setSortable(true);
        grid.addColumn(d -> round(d.ratePerSecond()) + " of " + round(d.ceilingPerSecond()) + "/s")
                .setHeader("Politeness rate").setComparator(DomainView::ratePerSecond);
        grid.addColumn(d -> d.inFlight() + " of " + d.maxConcurrency()).setHeader("In flight");
        grid.addColumn(d -> d.breaker() + (d.breakerRetryAt() == null ? "" : " until " + Shown.instant(d.breakerRetryAt())))
                .setHeader("Breaker").setSortable(true).setComparator(DomainView::breaker);
        grid.addColumn(d -> d.pauses() == null || d.pauses().isEmpty() ? "" : "paused").setHeader("Paused");
        grid.addColumn(d -> Shown.instant(d.lastSeen())).setHeader("Last seen").setComparator(DomainView::lastSeen);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(d -> {
            policy.show(d);
            pauses.suggest(d.domain());
        }));
        grid.setMinHeight("14em");

        add(new H2("Domains"), filter, grid, new H3("Pauses in force"), pauses, new H3("A domain's own settings"),
                policy);
        refresh();
        refresher.every(this, this::refresh);
    }

    void refresh() {
        seen = CoreApiCall.of(() -> admin.listDomains(SHOWN)).map(DomainView.Page::domains).orElse(seen);
        show();
        pauses.refresh();
    }

    private void show() {
        String part = filter.getValue().strip().toLowerCase(java.util.Locale.ROOT);
        Grids.refill(grid, part.isEmpty() ? seen : seen.stream().filter(d -> d.domain().contains(part)).toList(),
                DomainView::domain);
    }

    private static String share(long count, long of) {
        return of == 0 ? String.valueOf(count) : count + " (" + Math.round(100.0 * count / of) + " %)";
    }

    private static String round(double rate) {
        return rate >= 10 ? String.valueOf(Math.round(rate)) : String.format(java.util.Locale.ROOT, "%.2f", rate);
    }
}

package dev.gleaner.admin.domain;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

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

    private final AdminApi admin;
    private final Grid<DomainView> grid = new Grid<>(DomainView.class, false);
    private final TextField filter = Grids.searchField("domain-filter", "Filter domains", "part of a domain",
            () -> grid.getDataProvider().refreshAll());
    private final PausesPanel pauses;
    private final PolicyPanel policy;

    public DomainsView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        this.pauses = new PausesPanel(admin, this::refresh);
        this.policy = new PolicyPanel(admin, this::refresh);
        setSizeFull();

        grid.setId("domains-grid");
        grid.setAriaLabel("Domains");
        grid.addColumn(DomainView::domain).setHeader("Domain").setSortProperty("domain").setAutoWidth(true);
        grid.addColumn(d -> Math.round(d.recent().perMinute())).setHeader("Requests/min").setSortProperty("requests");
        grid.addColumn(d -> share(d.recent().throttled(), d.recent().requests())).setHeader("429/503")
                .setSortProperty("throttled");
        grid.addColumn(d -> share(d.recent().blocked() + d.recent().captchas(), d.recent().requests()))
                .setHeader("Blocked").setSortProperty("blocked");
        grid.addColumn(d -> d.recent().failures()).setHeader("Failures").setSortProperty("failures");
        grid.addColumn(d -> round(d.ratePerSecond()) + " of " + round(d.ceilingPerSecond()) + "/s")
                .setHeader("Politeness rate");
        grid.addColumn(d -> d.inFlight() + " of " + d.maxConcurrency()).setHeader("In flight");
        grid.addColumn(d -> d.breaker() + (d.breakerRetryAt() == null ? "" : " until " + Shown.instant(d.breakerRetryAt())))
                .setHeader("Breaker");
        grid.addColumn(d -> d.pauses() == null || d.pauses().isEmpty() ? "" : "paused").setHeader("Paused");
        grid.addColumn(d -> Shown.instant(d.lastSeen())).setHeader("Last seen").setSortProperty("lastSeen");
        Grids.paged(grid, (sort, order, offset, limit) -> admin.listDomains(Shown.query(filter), sort, order, offset,
                limit).domains(), DomainView::domain);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(d -> {
            policy.show(d);
            pauses.suggest(d.domain());
        }));
        grid.setMinHeight("14em");

        add(new H2("Domains"), filter, grid, new H3("Pauses in force"), pauses, new H3("A domain's own settings"),
                policy);
        refresher.every(this, this::refresh);
    }

    void refresh() {
        grid.getDataProvider().refreshAll();
        pauses.refresh();
    }

    private static String share(long count, long of) {
        return of == 0 ? String.valueOf(count) : count + " (" + Math.round(100.0 * count / of) + " %)";
    }

    private static String round(double rate) {
        return rate >= 10 ? String.valueOf(Math.round(rate)) : String.format(java.util.Locale.ROOT, "%.2f", rate);
    }
}

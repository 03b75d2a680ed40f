package dev.gleaner.admin.shell;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.audit.AuditView;
import dev.gleaner.admin.crawl.CrawlsView;
import dev.gleaner.admin.dashboard.DashboardView;
import dev.gleaner.admin.domain.DomainsView;
import dev.gleaner.admin.farm.FarmView;
import dev.gleaner.admin.job.JobsView;
import dev.gleaner.admin.operator.OperatorsView;
import dev.gleaner.admin.plan.PlansView;
import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.tenant.TenantsView;
import dev.gleaner.admin.webhook.DeliveriesView;

/**
 * The console's frame: a navigation drawer (collapsing to a toggle on narrow screens), who is signed in and
 * as what, and sign-out. Operators appear in the navigation for admins only. Any signed-in operator may see the
 * frame (a view's own annotation decides who sees the view in it; Vaadin refuses a view broader than its layout).
 */
@PermitAll
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication) {
        setPrimarySection(Section.DRAWER);
        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel("Show or hide the navigation");
        Span title = new Span("Gleaner");
        title.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-l)");
        Span who = new Span(SignedIn.name().orElse("?") + " (" + SignedIn.role() + ")");
        who.setId("signed-in-as");
        Button signOut = new Button("Sign out", e -> authentication.logout());
        signOut.setId("sign-out");
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout bar = new HorizontalLayout(title, who, signOut);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(title);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(toggle, bar);

        SideNav nav = new SideNav();
        nav.setLabel("Console");
        nav.addItem(new SideNavItem("Dashboard", DashboardView.class), new SideNavItem("Tenants", TenantsView.class),
                new SideNavItem("Plans", PlansView.class), new SideNavItem("Domains", DomainsView.class),
                new SideNavItem("Jobs", JobsView.class), new SideNavItem("Crawls and batches", CrawlsView.class),
                new SideNavItem("Farm", FarmView.class),
                new SideNavItem("Webhooks", DeliveriesView.class),
                new SideNavItem("Audit log", AuditView.class));
        if (SignedIn.canChange()) {
            nav.addItem(new SideNavItem("Operators", OperatorsView.class));
        }
        addToDrawer(new Scroller(nav));
    }
}

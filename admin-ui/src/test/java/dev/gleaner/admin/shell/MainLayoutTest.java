package dev.gleaner.admin.shell;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;

/** The console's frame: who is signed in, and the navigation their role gets. */
class MainLayoutTest extends ViewTest {

    /** Every view, so the navigation can link to them, but the home page (the session would open it at once). */
    @Override
    protected Routes routes() {
        Routes routes = new Routes().autoDiscoverViews("dev.gleaner.admin");
        routes.getRoutes().remove(HomeView.class);
        return routes;
    }

    private static java.util.List<String> items() {
        return _get(SideNav.class).getItems().stream().map(SideNavItem::getLabel).toList();
    }

    @Test
    void anAdminSeesWhoIsSignedInAndEveryViewOperatorsIncluded() {
        show(new MainLayout(new AuthenticationContext()));
        assertThat(_get(Span.class, spec -> spec.withId("signed-in-as")).getText()).isEqualTo("alice (admin)");
        assertThat(items()).containsExactly("Dashboard", "Tenants", "Plans", "Domains", "Jobs", "Crawls and batches",
                "Farm", "Webhooks", "Audit log",
                "Operators");
    }

    @Test
    void aViewerIsNotOfferedTheOperatorsView() {
        signInAs("victor", SignedIn.VIEWER);
        show(new MainLayout(new AuthenticationContext()));
        assertThat(_get(Span.class, spec -> spec.withId("signed-in-as")).getText()).isEqualTo("victor (viewer)");
        assertThat(items()).doesNotContain("Operators");
    }
}

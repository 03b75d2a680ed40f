package dev.gleaner.admin.shell;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;

import com.vaadin.flow.router.BeforeEnterEvent;

import dev.gleaner.admin.dashboard.DashboardView;

/** The console's bare address opens the dashboard. */
class HomeViewTest {

    @Test
    void theBareAddressForwardsToTheDashboard() {
        BeforeEnterEvent entering = mock(BeforeEnterEvent.class);
        new HomeView().beforeEnter(entering);
        verify(entering).forwardTo(DashboardView.class);
    }
}

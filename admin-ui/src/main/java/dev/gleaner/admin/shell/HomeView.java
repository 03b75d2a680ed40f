package dev.gleaner.admin.shell;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.dashboard.DashboardView;

/** The console's address without a path: it opens the dashboard. */
@Route("")
@PermitAll
public class HomeView extends Div implements BeforeEnterObserver {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.forwardTo(DashboardView.class);
    }
}

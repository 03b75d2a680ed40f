package dev.gleaner.admin.farm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.FarmNodeView;

/**
 * The browser farm, live: each node's slots (busy of usable), browsers, memory, renders done, how long its renders in
 * flight have run, and its health (reporting, suspect, drained). An admin drains a node (no new leases; those in
 * flight run to their end), for instance before restarting it, and undrains it.
 */
@Route(value = "farm", layout = MainLayout.class)
@PageTitle("Farm · Gleaner")
@PermitAll
public class FarmView extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(FarmView.class);
    private static final Duration STALE = Duration.ofSeconds(30);

    private final AdminApi admin;
    private final Grid<FarmNodeView> grid = new Grid<>(FarmNodeView.class, false);
    private final Grid<FarmNodeView.Render> renders = new Grid<>(FarmNodeView.Render.class, false);
    private final H3 rendersTitle = new H3("Renders in flight");
    private final Button drain = new Button("Drain node");
    private final Button undrain = new Button("Undrain node");
    private String selected;

    public FarmView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        setSizeFull();
        grid.setId("farm-grid");
        grid.setAriaLabel("Farm nodes");
        grid.addColumn(FarmNodeView::nodeId).setHeader("Node").setSortable(true).setAutoWidth(true);
        grid.addColumn(n -> n.busy() + " of " + n.usable()).setHeader("Slots busy").setComparator(FarmNodeView::busy);
        grid.addColumn(n -> n.usable() + " of " + n.capacity()).setHeader("Browsers working");
        grid.addColumn(n -> n.warmContexts() == null ? "–" : n.warmContexts() + " warm").setHeader("Warm contexts");
        grid.addColumn(n -> n.memoryBytes() == null ? "–" : (n.memoryBytes() >> 20) + " MiB").setHeader("Memory")
                .setComparator(n -> n.memoryBytes() == null ? 0 : n.memoryBytes());
        grid.addColumn(n -> oldest(n).map(FarmView::age).orElse("–")).setHeader("Oldest render");
        grid.addColumn(n -> Shown.value(n.rendersDone())).setHeader("Renders done");
        grid.addColumn(FarmView::health).setHeader("Health").setSortable(true).setComparator(FarmView::health);
        grid.addColumn(n -> Shown.instant(n.startedAt())).setHeader("Up since");
        grid.addColumn(FarmNodeView::url).setHeader("URL");
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(e -> {
            selected = e.getFirstSelectedItem().map(FarmNodeView::nodeId).orElse(null);
            show(e.getFirstSelectedItem().orElse(null));
        });
        renders.setId("farm-renders");
        renders.setAriaLabel("Renders in flight on the selected node");
        renders.addColumn(FarmNodeView.Render::leaseId).setHeader("Lease").setAutoWidth(true);
        renders.addColumn(r -> Shown.instant(r.startedAt())).setHeader("Started");
        renders.addColumn(r -> age(r.startedAt())).setHeader("Running for");
        renders.setAllRowsVisible(true);
        HorizontalLayout actions = new HorizontalLayout();
        if (SignedIn.canChange()) {
            drain.setId("drain-node");
            drain.addThemeVariants(ButtonVariant.LUMO_ERROR);
            drain.addClickListener(e -> change(true));
            undrain.setId("undrain-node");
            undrain.addClickListener(e -> change(false));
            actions.add(drain, undrain);
        }
        add(new H2("Farm"), grid, actions, rendersTitle, renders);
        show(null);
        refresh();
        refresher.every(this, this::refresh);
    }

    void refresh() {
        CoreApiCall.of(admin::farmNodes).ifPresent(nodes -> {
            String keep = selected;
            Grids.refill(grid, nodes, FarmNodeView::nodeId);
            selected = keep;
            show(nodes.stream().filter(n -> n.nodeId().equals(keep)).findFirst().orElse(null));
        });
    }

    private void show(FarmNodeView node) {
        drain.setEnabled(node != null && !node.draining());
        undrain.setEnabled(node != null && node.draining());
        rendersTitle.setText(node == null ? "Renders in flight (select a node)" : "Renders in flight on " + node.nodeId());
        renders.setItems(node == null ? List.of() : node.renders());
    }

    private void change(boolean draining) {
        String node = selected;
        if (node == null) {
            return;
        }
        CoreApiCall.of(() -> draining ? admin.drainNode(node) : admin.undrainNode(node)).ifPresent(changed -> {
            log.info("operator {} {} farm node {}", SignedIn.name().orElse("?"), draining ? "drained" : "undrained", node);
            CoreApiCall.success(node + (draining ? " drained: no new renders; those running finish"
                    : " takes renders again"));
            refresh();
        });
    }

    static String health(FarmNodeView node) {
        if (node.draining()) {
            return "drained";
        }
        if (node.suspect()) {
            return "suspect (unreachable lately)";
        }
        if (node.reportedAt() == null || node.reportedAt().isBefore(Instant.now().minus(STALE))) {
            return "not reporting";
        }
        return node.usable() < node.capacity() ? "degraded (" + (node.capacity() - node.usable()) + " browsers down)"
                : "healthy";
    }

    private static Optional<Instant> oldest(FarmNodeView node) {
        return node.renders().stream().map(FarmNodeView.Render::startedAt).min(Instant::compareTo);
    }

    private static String age(Instant since) {
        Duration age = Duration.between(since, Instant.now());
        return age.toMinutes() > 0 ? age.toMinutes() + " min " + age.toSecondsPart() + " s" : age.toSeconds() + " s";
    }
}

package dev.gleaner.admin.farm;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.admin.FarmNodeView;

/** The farm view: each node's load and health, its renders in flight, drained and undrained. */
class FarmViewTest extends ViewTest {

    private FarmNodeView node(String id, int usable, boolean suspect) {
        Instant now = Instant.now();
        FarmNodeView node = new FarmNodeView(id, "http://" + id + ":8082", 4, usable, 2, 700L << 20, 31L,
                now.minusSeconds(3600), now, List.of(new FarmNodeView.Render("lease-" + id, now.minusSeconds(75))),
                suspect, false, 1);
        admin.farm.add(node);
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Grid<FarmNodeView> grid() {
        return _get(Grid.class, spec -> spec.withId("farm-grid"));
    }

    @Test
    void eachNodeShowsItsSlotsBrowsersMemoryOldestRenderAndHealth() {
        node("node-a", 4, false);
        node("node-b", 3, true);
        show(new FarmView(admin, refresher));
        assertThat(GridKt._getFormattedRow(grid(), 0)).contains("node-a", "2 of 4", "4 of 4", "1 warm", "700 MiB",
                "1 min 15 s", "31", "healthy");
        assertThat(GridKt._getFormattedRow(grid(), 1)).contains("node-b", "2 of 3", "3 of 4",
                "suspect (unreachable lately)");

        grid().select(GridKt._get(grid(), 0));
        @SuppressWarnings("unchecked")
        Grid<FarmNodeView.Render> renders = _get(Grid.class, spec -> spec.withId("farm-renders"));
        assertThat(GridKt._get(renders, 0).leaseId()).isEqualTo("lease-node-a");
    }

    @Test
    void anAdminDrainsTheSelectedNodeAndUndrainsItAndAPushShowsIt() {
        node("node-a", 4, false);
        show(new FarmView(admin, refresher));
        Button drain = _get(Button.class, spec -> spec.withId("drain-node"));
        assertThat(drain.isEnabled()).as("nothing selected").isFalse();
        grid().select(GridKt._get(grid(), 0));
        _click(drain);
        assertThat(admin.farm.getFirst().draining()).isTrue();
        assertThat(GridKt._getFormattedRow(grid(), 0)).contains("drained");
        assertThat(drain.isEnabled()).isFalse();

        _click(_get(Button.class, spec -> spec.withId("undrain-node")));
        assertThat(admin.farm.getFirst().draining()).isFalse();
        admin.drainNode("node-a");
        push();
        assertThat(GridKt._getFormattedRow(grid(), 0)).as("drained elsewhere, shown by the push").contains("drained");
    }

    @Test
    void aViewerSeesTheFarmWithoutDrainControls() {
        node("node-a", 4, false);
        signInAs("victor", SignedIn.VIEWER);
        show(new FarmView(admin, refresher));
        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(_find(Button.class, spec -> spec.withId("drain-node"))).isEmpty();
        assertThat(_find(Button.class, spec -> spec.withId("undrain-node"))).isEmpty();
    }
}

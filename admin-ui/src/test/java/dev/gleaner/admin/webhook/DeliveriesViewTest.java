package dev.gleaner.admin.webhook;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.select.Select;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.webhook.DeliveryAttempt;
import dev.gleaner.core.client.webhook.DeliveryView;

/** The webhook deliveries view: dead letters found by status, and delivered again. */
class DeliveriesViewTest extends ViewTest {

    private static DeliveryView delivery(String status) {
        return new DeliveryView(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "job.completed",
                "https://hooks.example/x", status, 8, 500, "server error", Instant.now(), Instant.now(), null);
    }

    @SuppressWarnings("unchecked")
    private static Grid<DeliveryView> grid() {
        return _get(Grid.class, spec -> spec.withId("deliveries-grid"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadDeliveryIsFoundByStatusAndDeliveredAgain() {
        admin.deliveries.add(delivery("delivered"));
        admin.deliveries.add(delivery("dead"));
        show(new DeliveriesView(admin, refresher));
        assertThat(GridKt._size(grid())).isEqualTo(2);
        _get(Select.class, spec -> spec.withId("delivery-status")).setValue("dead");
        assertThat(admin.lastQuery.get("deliveries.status")).isEqualTo("dead");
        assertThat(GridKt._size(grid())).isEqualTo(1);

        DeliveryView dead = GridKt._get(grid(), 0);
        admin.attempts.put(dead.id(), List.of(new DeliveryAttempt(1, 500, "the receiver answered 500", Instant.now()),
                new DeliveryAttempt(2, null, "connection refused", Instant.now())));
        grid().select(dead);
        @SuppressWarnings("unchecked")
        Grid<DeliveryAttempt> attempts = _get(Grid.class, spec -> spec.withId("delivery-attempts"));
        assertThat(GridKt._size(attempts)).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(attempts, 1)).contains("2", "–", "connection refused");
        _click(_get(Button.class, spec -> spec.withId("redeliver")));
        assertThat(admin.deliveries.get(1).status()).isEqualTo("pending");
        assertThat(GridKt._size(grid())).as("no longer dead").isZero();
    }

    @Test
    void olderDeliveriesArePagedFromCoreApiOlderThanTheLastShown() {
        for (int i = 0; i < 150; i++) {
            admin.deliveries.add(delivery("delivered"));
        }
        show(new DeliveriesView(admin, refresher));
        assertThat(GridKt._size(grid())).isEqualTo(100);
        _click(_get(Button.class, spec -> spec.withId("deliveries-older")));
        assertThat(GridKt._size(grid())).isEqualTo(150);
        assertThat(admin.lastQuery.get("deliveries.before")).isEqualTo(admin.deliveries.get(99).id());
        assertThat(_get(Button.class, spec -> spec.withId("deliveries-older")).isEnabled()).isFalse();
    }

    @Test
    void aViewerCannotDeliverAgain() {
        admin.deliveries.add(delivery("dead"));
        signInAs("victor", SignedIn.VIEWER);
        show(new DeliveriesView(admin, refresher));
        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(_find(Button.class, spec -> spec.withId("redeliver"))).isEmpty();
    }
}

package dev.gleaner.admin.audit;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.audit.AuditEntry;

/** The audit log view: searched and paged by core-api. */
class AuditViewTest extends ViewTest {

    @SuppressWarnings("unchecked")
    private static Grid<AuditEntry> grid() {
        return _get(Grid.class, spec -> spec.withId("audit-grid"));
    }

    @Test
    void entriesAreSearchedByActorAndPagedByCursorNewestFirst() {
        for (int i = 1; i <= 150; i++) {
            admin.audit.add(new AuditEntry(i, i % 2 == 0 ? "operator:alice" : "admin-api", "tenant.create", "t" + i,
                    "name=t" + i, Instant.now(), null, null));
        }
        show(new AuditView(admin));
        assertThat(GridKt._size(grid())).isEqualTo(100);
        assertThat(GridKt._get(grid(), 0).id()).isEqualTo(150);
        _click(_get(Button.class, spec -> spec.withId("audit-older")));
        assertThat(GridKt._size(grid())).isEqualTo(150);
        assertThat(admin.lastQuery.get("audit.cursor")).isEqualTo("51");
        assertThat(_get(Button.class, spec -> spec.withId("audit-older")).isEnabled()).isFalse();

        _get(TextField.class, spec -> spec.withId("audit-actor")).setValue("operator:alice");
        _click(_get(Button.class, spec -> spec.withId("audit-search")));
        assertThat(GridKt._size(grid())).isEqualTo(75);
        assertThat(admin.lastQuery.get("audit.actor")).isEqualTo("operator:alice");
        assertThat(admin.lastQuery).doesNotContainKey("audit.cursor");
    }
}

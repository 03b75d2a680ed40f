package dev.gleaner.admin.operator;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;

import dev.gleaner.admin.support.ViewTest;
import dev.gleaner.core.client.admin.OperatorView;

/** The operators view (admins only): add, change and remove operators. */
class OperatorsViewTest extends ViewTest {

    @SuppressWarnings("unchecked")
    private static Grid<OperatorView> grid() {
        return _get(Grid.class, spec -> spec.withId("operators-grid"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdminAddsAViewerAndMakesItAnAdminWithANewPassword() {
        show(new OperatorsView(admin, refresher));
        _get(TextField.class, spec -> spec.withId("operator-username")).setValue("victor");
        _get(PasswordField.class, spec -> spec.withId("operator-password")).setValue("a-long-password-1");
        _click(_get(Button.class, spec -> spec.withId("add-operator")));
        assertThat(admin.operators).extracting(OperatorView::username, OperatorView::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("victor", "viewer"));
        assertThat(_get(PasswordField.class, spec -> spec.withId("operator-password")).getValue())
                .as("a password is not kept on screen").isEmpty();

        grid().select(GridKt._get(grid(), 0));
        _get(Select.class, spec -> spec.withId("operator-role")).setValue("admin");
        _get(PasswordField.class, spec -> spec.withId("operator-password")).setValue("another-password-2");
        _click(_get(Button.class, spec -> spec.withId("change-operator")));
        assertThat(admin.operators.getFirst().role()).isEqualTo("admin");
        assertThat(admin.lastQuery.get("updateOperator.password")).isEqualTo("another-password-2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void demotingTheLastAdminIsRefusedInCoreApisWords() {
        admin.operators.add(new OperatorView(UUID.randomUUID(), "alice", "admin", Instant.now(), "configuration", null));
        show(new OperatorsView(admin, refresher));
        grid().select(GridKt._get(grid(), 0));
        _get(Select.class, spec -> spec.withId("operator-role")).setValue("viewer");
        _click(_get(Button.class, spec -> spec.withId("change-operator")));
        NotificationsKt.expectNotifications("'alice' is the last admin; make another operator an admin first");
        assertThat(admin.operators.getFirst().role()).isEqualTo("admin");
    }

    @Test
    void theListIsSearchedByCoreApiAndAPushShowsAnOperatorAddedElsewhere() {
        admin.operators.add(new OperatorView(UUID.randomUUID(), "alice", "admin", Instant.now(), "configuration", null));
        show(new OperatorsView(admin, refresher));
        assertThat(GridKt._size(grid())).isEqualTo(1);

        admin.operators.add(new OperatorView(UUID.randomUUID(), "bob", "viewer", Instant.now(), "operator:alice", null));
        push();
        assertThat(GridKt._size(grid())).as("another admin's operator, pushed").isEqualTo(2);

        _get(TextField.class, spec -> spec.withId("operators-search")).setValue("bo");
        assertThat(GridKt._size(grid())).isEqualTo(1);
        assertThat(GridKt._get(grid(), 0).username()).isEqualTo("bob");
        assertThat(admin.lastQuery.get("listOperators.q")).isEqualTo("bo");
    }
}

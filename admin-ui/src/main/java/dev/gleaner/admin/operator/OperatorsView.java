package dev.gleaner.admin.operator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

import jakarta.annotation.security.RolesAllowed;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Grids;
import dev.gleaner.admin.shell.MainLayout;
import dev.gleaner.admin.shell.Refresher;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.OperatorRequest;
import dev.gleaner.core.client.admin.OperatorView;

/**
 * Operators, for admins only: add one (admin or viewer), change a role, set a new password, remove one. core-api
 * keeps at least one admin and refuses a viewer's changes whatever this view shows.
 */
@Route(value = "operators", layout = MainLayout.class)
@PageTitle("Operators · Gleaner")
@RolesAllowed("ADMIN")
public class OperatorsView extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(OperatorsView.class);

    private final AdminApi admin;
    private final Grid<OperatorView> grid = new Grid<>(OperatorView.class, false);
    private final TextField username = new TextField("Username");
    private final PasswordField password = new PasswordField("Password (12 characters or more)");
    private final Select<String> role = new Select<>();
    private final Button change = new Button("Change selected");
    private final Button remove = new Button("Remove selected");

    private final TextField search = Grids.searchField("operators-search", "Search", "part of a username",
            this::refresh);

    public OperatorsView(AdminApi admin, Refresher refresher) {
        this.admin = admin;
        setSizeFull();
        grid.setId("operators-grid");
        grid.setAriaLabel("Operators");
        grid.addColumn(OperatorView::username).setHeader("Username").setSortProperty("username");
        grid.addColumn(OperatorView::role).setHeader("Role");
        grid.addColumn(o -> Shown.instant(o.lastSignInAt())).setHeader("Last sign-in").setSortProperty("lastSignInAt");
        grid.addColumn(o -> Shown.instant(o.createdAt())).setHeader("Created").setSortProperty("createdAt");
        grid.addColumn(OperatorView::createdBy).setHeader("Created by");
        grid.setMinHeight("14em");
        Grids.paged(grid, (sort, order, offset, limit) -> admin.listOperators(Shown.query(search), sort, order, offset,
                limit), OperatorView::id);
        grid.addSelectionListener(e -> {
            boolean selected = e.getFirstSelectedItem().isPresent();
            change.setEnabled(selected);
            remove.setEnabled(selected);
            e.getFirstSelectedItem().ifPresent(o -> {
                username.setValue(o.username());
                role.setValue(o.role());
            });
        });

        username.setId("operator-username");
        username.setMaxLength(64);
        password.setId("operator-password");
        role.setId("operator-role");
        role.setLabel("Role");
        role.setItems(OperatorView.ADMIN, OperatorView.VIEWER);
        role.setValue(OperatorView.VIEWER);
        Button add = new Button("Add operator", e -> addOperator());
        add.setId("add-operator");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        change.setId("change-operator");
        change.setEnabled(false);
        change.addClickListener(e -> selected().ifPresent(this::changeOperator));
        remove.setId("remove-operator");
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        remove.setEnabled(false);
        remove.addClickListener(e -> selected().ifPresent(this::removeOperator));
        HorizontalLayout form = new HorizontalLayout(username, password, role, add, change, remove);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        add(new H2("Operators"), search, grid, form);
        // operators added, changed or removed by another admin show within a refresh
        refresher.every(this, this::refresh);
    }

    private java.util.Optional<OperatorView> selected() {
        return grid.getSelectedItems().stream().findFirst();
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }

    private void addOperator() {
        CoreApiCall.of(() -> admin.createOperator(new OperatorRequest(username.getValue(), password.getValue(),
                role.getValue()))).ifPresent(made -> {
                    log.info("operator {} added operator '{}' as {}", SignedIn.name().orElse("?"), made.username(),
                            made.role());
                    CoreApiCall.success("Operator '" + made.username() + "' added as " + made.role());
                    password.clear();
                    refresh();
                });
    }

    private void changeOperator(OperatorView operator) {
        String newPassword = password.getValue().isEmpty() ? null : password.getValue();
        CoreApiCall.of(() -> admin.updateOperator(operator.id(), new OperatorRequest(null, newPassword,
                role.getValue()))).ifPresent(changed -> {
                    CoreApiCall.success("Operator '" + changed.username() + "' is " + changed.role()
                            + (newPassword == null ? "" : ", with a new password"));
                    password.clear();
                    refresh();
                });
    }

    private void removeOperator(OperatorView operator) {
        CoreApiCall.of(() -> admin.deleteOperator(operator.id())).ifPresent(removed -> {
            CoreApiCall.success("Operator '" + removed.username() + "' removed");
            refresh();
        });
    }
}

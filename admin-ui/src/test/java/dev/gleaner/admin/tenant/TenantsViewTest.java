package dev.gleaner.admin.tenant;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.spring.security.AuthenticationContext;

import dev.gleaner.core.client.admin.TenantView;

/** The tenants view on a mocked Vaadin session, against an in-memory admin API. */
class TenantsViewTest {

    private InMemoryAdminApi admin;

    @BeforeEach
    void openView() {
        MockVaadin.setup(new Routes(), UI::new);
        admin = new InMemoryAdminApi();
        UI.getCurrent().add(new TenantsView(admin, new AuthenticationContext()));
    }

    @AfterEach
    void closeView() {
        MockVaadin.tearDown();
    }

    @SuppressWarnings("unchecked")
    private static Grid<TenantView> grid() {
        return _get(Grid.class, spec -> spec.withId("tenants-grid"));
    }

    private static void createTenant(String name) {
        _get(TextField.class, spec -> spec.withId("tenant-name")).setValue(name);
        _click(_get(Button.class, spec -> spec.withId("create-tenant")));
    }

    @Test
    void aNewTenantAppearsSelectedSoATokenCanBeIssuedForIt() {
        Button issue = _get(Button.class, spec -> spec.withId("issue-token"));
        assertThat(issue.isEnabled()).isFalse();

        createTenant("acme");

        assertThat(grid().getListDataView().getItems().map(TenantView::name)).containsExactly("acme");
        assertThat(grid().getSelectedItems()).extracting(TenantView::name).containsExactly("acme");
        assertThat(issue.isEnabled()).isTrue();
        NotificationsKt.expectNotifications("Tenant 'acme' created");
    }

    @Test
    void anIssuedTokenIsShownOnceInADialog() {
        createTenant("acme");
        _click(_get(Button.class, spec -> spec.withId("issue-token")));

        assertThat(admin.issued).hasSize(1);
        TextField shown = _get(TextField.class, spec -> spec.withId("issued-token"));
        assertThat(shown.getValue()).isEqualTo(admin.issued.getFirst().token());
        assertThat(shown.isReadOnly()).isTrue();

        _click(_get(Button.class, spec -> spec.withId("close-token-dialog")));
        assertThat(_find(Dialog.class)).isEmpty();
    }

    @Test
    void coreApisRefusalIsShownInItsOwnWordsAndNothingChanges() {
        createTenant("acme");
        NotificationsKt.clearNotifications();

        createTenant("ACME");

        NotificationsKt.expectNotifications("a tenant named 'ACME' already exists");
        assertThat(grid().getListDataView().getItems().map(TenantView::name)).containsExactly("acme");
    }
}

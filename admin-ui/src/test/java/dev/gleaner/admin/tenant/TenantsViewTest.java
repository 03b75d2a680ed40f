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
import dev.gleaner.core.client.admin.TokenView;

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

    @SuppressWarnings("unchecked")
    private static Grid<TokenView> tokens() {
        return _get(Grid.class, spec -> spec.withId("tokens-grid"));
    }

    @Test
    void theSelectedTenantsTokensAreListedAndOneIsRevokedAfterConfirmation() {
        createTenant("acme");
        Button issue = _get(Button.class, spec -> spec.withId("issue-token"));
        _click(issue);
        _click(_get(Button.class, spec -> spec.withId("close-token-dialog")));
        _click(issue);
        _click(_get(Button.class, spec -> spec.withId("close-token-dialog")));
        assertThat(tokens().getListDataView().getItems().map(TokenView::prefix))
                .containsExactly(admin.issued.get(1).prefix(), admin.issued.get(0).prefix());
        assertThat(grid().getSelectedItems()).extracting(TenantView::activeTokens).containsExactly(2L);

        Button revoke = _get(Button.class, spec -> spec.withId("revoke-token"));
        assertThat(revoke.isEnabled()).isFalse();
        TokenView leaked = tokens().getListDataView().getItems().filter(t -> t.id().equals(admin.issued.get(0).id()))
                .findFirst().orElseThrow();
        tokens().select(leaked);
        _click(revoke);
        _click(_get(Button.class, spec -> spec.withId("cancel-revoke")));
        assertThat(admin.listTokens(leaked.tenantId())).allMatch(TokenView::active);

        _click(revoke);
        _click(_get(Button.class, spec -> spec.withId("confirm-revoke")));

        assertThat(admin.listTokens(leaked.tenantId())).filteredOn(TokenView::active)
                .extracting(TokenView::id).containsExactly(admin.issued.get(1).id());
        assertThat(tokens().getListDataView().getItems().filter(t -> !t.active()).map(TokenView::id))
                .containsExactly(leaked.id());
        assertThat(grid().getSelectedItems()).extracting(TenantView::activeTokens).containsExactly(1L);
        NotificationsKt.expectNotifications("Tenant 'acme' created", "Token " + leaked.prefix() + " revoked");
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

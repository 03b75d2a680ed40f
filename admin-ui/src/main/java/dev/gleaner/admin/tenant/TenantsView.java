package dev.gleaner.admin.tenant;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;

import jakarta.annotation.security.PermitAll;

import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.IssueTokenRequest;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;

/**
 * Tenants: list them, create one, and issue an API token for the selected one. A new token is
 * shown once, in a dialog, and never again. The selected tenant's tokens are listed by prefix,
 * and one can be revoked after a confirmation.
 */
@Route("")
@PageTitle("Tenants · Gleaner")
@PermitAll
public class TenantsView extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(TenantsView.class);

    private final AdminApi admin;
    private final Grid<TenantView> grid = new Grid<>(TenantView.class, false);
    private final TextField name = new TextField("New tenant");
    private final Button issue = new Button("Issue token");
    private final H3 tokensTitle = new H3("Tokens");
    private final Grid<TokenView> tokens = new Grid<>(TokenView.class, false);
    private final Button revoke = new Button("Revoke token");

    public TenantsView(AdminApi admin, AuthenticationContext authentication) {
        this.admin = admin;
        setSizeFull();

        Button signOut = new Button("Sign out", e -> authentication.logout());
        signOut.setId("sign-out");
        HorizontalLayout header = new HorizontalLayout(new H2("Tenants"), signOut);
        header.setWidthFull();
        header.setJustifyContentMode(JustifyContentMode.BETWEEN);
        header.setAlignItems(Alignment.BASELINE);

        name.setId("tenant-name");
        name.setPlaceholder("name of the application");
        name.setMaxLength(100);
        Button create = new Button("Create tenant", e -> createTenant());
        create.setId("create-tenant");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        issue.setId("issue-token");
        issue.setEnabled(false);
        issue.addClickListener(e -> grid.getSelectedItems().stream().findFirst().ifPresent(this::issueToken));
        HorizontalLayout actions = new HorizontalLayout(name, create, issue);
        actions.setAlignItems(Alignment.BASELINE);

        grid.setId("tenants-grid");
        grid.addColumn(TenantView::name).setHeader("Name").setSortable(true);
        grid.addColumn(TenantView::id).setHeader("Id").setAutoWidth(true);
        grid.addColumn(TenantView::concurrencyCap).setHeader("Concurrency cap");
        grid.addColumn(TenantView::activeTokens).setHeader("Active tokens");
        grid.addColumn(TenantView::createdAt).setHeader("Created");
        grid.setSelectionMode(Grid.SelectionMode.SINGLE);
        grid.addSelectionListener(e -> {
            issue.setEnabled(e.getFirstSelectedItem().isPresent());
            showTokens();
        });

        tokens.setId("tokens-grid");
        tokens.addColumn(TokenView::prefix).setHeader("Token").setAutoWidth(true);
        tokens.addColumn(TokenView::name).setHeader("Name");
        tokens.addColumn(TokenView::createdAt).setHeader("Created");
        tokens.addColumn(t -> t.active() ? "active" : "revoked " + t.revokedAt()).setHeader("Status");
        tokens.setSelectionMode(Grid.SelectionMode.SINGLE);
        tokens.addSelectionListener(e -> revoke.setEnabled(e.getFirstSelectedItem().filter(TokenView::active).isPresent()));
        revoke.setId("revoke-token");
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR);
        revoke.setEnabled(false);
        revoke.addClickListener(e -> tokens.getSelectedItems().stream().findFirst().ifPresent(this::confirmRevoke));
        HorizontalLayout tokensHeader = new HorizontalLayout(tokensTitle, revoke);
        tokensHeader.setAlignItems(Alignment.BASELINE);

        add(header, actions, grid, tokensHeader, tokens);
        refresh();
        showTokens();
    }

    private void showTokens() {
        TenantView tenant = grid.getSelectedItems().stream().findFirst().orElse(null);
        tokensTitle.setText(tenant == null ? "Tokens (select a tenant)" : "Tokens of " + tenant.name());
        List<TokenView> listed = tenant == null ? List.of() : call(() -> admin.listTokens(tenant.id()));
        tokens.setItems(listed == null ? List.of() : listed);
    }

    private void confirmRevoke(TokenView token) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Revoke " + token.prefix() + "?");
        Button confirm = new Button("Revoke", e -> {
            dialog.close();
            revokeToken(token);
        });
        confirm.setId("confirm-revoke");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> dialog.close());
        cancel.setId("cancel-revoke");
        dialog.add(new Paragraph("Applications using '" + token.name() + "' are refused within seconds."
                + " This cannot be undone: issue a new token instead."));
        dialog.getFooter().add(cancel, confirm);
        dialog.open();
    }

    private void revokeToken(TokenView token) {
        TokenView revoked = call(() -> admin.revokeToken(token.tenantId(), token.id()));
        if (revoked != null) {
            log.info("operator revoked token {} of tenant {}", revoked.prefix(), revoked.tenantId());
            refresh();
            notify("Token " + revoked.prefix() + " revoked", NotificationVariant.LUMO_SUCCESS);
        }
    }

    /** Reloads the tenants, keeping the selected one selected (and its tokens shown). */
    private void refresh() {
        UUID selected = grid.getSelectedItems().stream().findFirst().map(TenantView::id).orElse(null);
        List<TenantView> tenants = call(admin::listTenants);
        if (tenants != null) {
            grid.deselectAll();
            grid.setItems(tenants);
            tenants.stream().filter(t -> t.id().equals(selected)).findFirst().ifPresent(grid::select);
        }
    }

    private void createTenant() {
        TenantView created = call(() -> admin.createTenant(new CreateTenantRequest(name.getValue())));
        if (created != null) {
            log.info("operator created tenant '{}' ({})", created.name(), created.id());
            name.clear();
            refresh();
            grid.getListDataView().getItems().filter(t -> t.id().equals(created.id())).findFirst().ifPresent(grid::select);
            notify("Tenant '" + created.name() + "' created", NotificationVariant.LUMO_SUCCESS);
        }
    }

    private void issueToken(TenantView tenant) {
        IssuedToken token = call(() -> admin.issueToken(tenant.id(), new IssueTokenRequest("issued in admin console")));
        if (token == null) {
            return;
        }
        log.info("operator issued token {} for tenant '{}'", token.prefix(), tenant.name());
        refresh();
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("API token for " + tenant.name());
        TextField value = new TextField("Token");
        value.setId("issued-token");
        value.setValue(token.token());
        value.setReadOnly(true);
        value.setWidth("36em");
        Button close = new Button("I have copied it", e -> dialog.close());
        close.setId("close-token-dialog");
        dialog.add(new Paragraph("Copy it now: it is shown this once and cannot be retrieved later."), value);
        dialog.getFooter().add(close);
        dialog.open();
    }

    /** Runs an admin API call; a failure becomes an error notification with core-api's own words. */
    private <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RestClientResponseException e) {
            ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            notify(problem != null && problem.getDetail() != null ? problem.getDetail() : e.getStatusText(),
                    NotificationVariant.LUMO_ERROR);
        } catch (RestClientException e) {
            notify("core-api cannot be reached: " + e.getMessage(), NotificationVariant.LUMO_ERROR);
        }
        return null;
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification notification = Notification.show(text, 5000, Notification.Position.TOP_CENTER);
        notification.addThemeVariants(variant);
    }
}

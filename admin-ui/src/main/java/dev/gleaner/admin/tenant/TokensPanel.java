package dev.gleaner.admin.tenant;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

import dev.gleaner.admin.security.SignedIn;
import dev.gleaner.admin.shell.CoreApiCall;
import dev.gleaner.admin.shell.Shown;
import dev.gleaner.admin.shell.ShownOnce;
import dev.gleaner.core.client.admin.AdminApi;
import dev.gleaner.core.client.admin.IssueTokenRequest;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;

/**
 * A tenant's tokens by prefix, with created, last used, expiry and revoked. An admin issues one, optionally expiring
 * (shown once, in a dialog with a copy button, never again), and revokes one after a confirmation.
 */
final class TokensPanel extends VerticalLayout {

    private static final Logger log = LoggerFactory.getLogger(TokensPanel.class);

    private final AdminApi admin;
    private final Runnable changed;
    private final Grid<TokenView> tokens = new Grid<>(TokenView.class, false);
    private final Button revoke = new Button("Revoke token");
    private final DateTimePicker expires = new DateTimePicker("Expires (UTC, empty: never)");
    private TenantView tenant;

    TokensPanel(AdminApi admin, Runnable changed) {
        this.admin = admin;
        this.changed = changed;
        setPadding(false);
        HorizontalLayout header = new HorizontalLayout(new H4("Tokens"));
        header.setAlignItems(Alignment.BASELINE);
        if (SignedIn.canChange()) {
            expires.setId("token-expires");
            Button issue = new Button("Issue token", e -> issueToken());
            issue.setId("issue-token");
            revoke.setId("revoke-token");
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR);
            revoke.setEnabled(false);
            revoke.addClickListener(e -> tokens.getSelectedItems().stream().findFirst().ifPresent(this::confirmRevoke));
            header.add(expires, issue, revoke);
        }
        tokens.setId("tokens-grid");
        tokens.setAriaLabel("Tokens");
        tokens.addColumn(TokenView::prefix).setHeader("Token").setAutoWidth(true);
        tokens.addColumn(TokenView::name).setHeader("Name");
        tokens.addColumn(t -> Shown.instant(t.createdAt())).setHeader("Created");
        tokens.addColumn(t -> Shown.instant(t.lastUsedAt())).setHeader("Last used");
        tokens.addColumn(t -> t.expiresAt() == null ? "never" : Shown.instant(t.expiresAt())).setHeader("Expires");
        tokens.addColumn(t -> t.revokedAt() != null ? "revoked " + Shown.instant(t.revokedAt())
                : t.expired() ? "expired" : "active").setHeader("Status");
        tokens.setSelectionMode(Grid.SelectionMode.SINGLE);
        tokens.addSelectionListener(e -> revoke.setEnabled(e.getFirstSelectedItem().filter(TokenView::active).isPresent()));
        tokens.setAllRowsVisible(true);
        add(header, tokens);
    }

    void show(TenantView shown) {
        this.tenant = shown;
        tokens.setItems(CoreApiCall.of(() -> admin.listTokens(shown.id())).orElse(List.of()));
    }

    private void confirmRevoke(TokenView token) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Revoke " + token.prefix() + "?");
        Button confirm = new Button("Revoke", e -> {
            dialog.close();
            CoreApiCall.of(() -> admin.revokeToken(token.tenantId(), token.id())).ifPresent(revoked -> {
                log.info("operator {} revoked token {} of tenant {}", SignedIn.name().orElse("?"), revoked.prefix(),
                        revoked.tenantId());
                CoreApiCall.success("Token " + revoked.prefix() + " revoked");
                changed.run();
            });
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

    private void issueToken() {
        TenantView to = tenant;
        Instant expiry = expires.getValue() == null ? null : expires.getValue().toInstant(ZoneOffset.UTC);
        CoreApiCall.of(() -> admin.issueToken(to.id(), new IssueTokenRequest("issued in admin console", expiry)))
                .ifPresent(token -> {
                    log.info("operator {} issued token {} for tenant '{}'", SignedIn.name().orElse("?"), token.prefix(),
                            to.name());
                    changed.run();
                    ShownOnce.open("API token for " + to.name(), "Token", token.token(), "issued-token");
                });
    }
}

package dev.gleaner.core.client.admin;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * core-api's admin API, as an HTTP interface: admin-ui and scripts build a client from it with
 * the admin API key as a bearer token. Errors come back as problem+json.
 */
@HttpExchange("/admin/v1")
public interface AdminApi {

    /**
     * The signed-in operator admin-ui acts for, on every call but sign-in: core-api audits the call as that
     * operator's and refuses a viewer's changes (403).
     */
    String OPERATOR_HEADER = "X-Gleaner-Operator";

    @GetExchange("/tenants")
    List<TenantView> listTenants();

    @PostExchange("/tenants")
    TenantView createTenant(@RequestBody CreateTenantRequest request);

    @PostExchange("/tenants/{tenantId}/tokens")
    IssuedToken issueToken(@PathVariable UUID tenantId, @RequestBody IssueTokenRequest request);

    /** The tenant's tokens, newest first, revoked ones included; never a secret. */
    @GetExchange("/tenants/{tenantId}/tokens")
    List<TokenView> listTokens(@PathVariable UUID tenantId);

    /**
     * Revokes a token: core-api refuses it at once, and every gateway within its token cache's
     * lifetime (5 s). Revoking a revoked token changes nothing and answers the same.
     */
    @DeleteExchange("/tenants/{tenantId}/tokens/{tokenId}")
    TokenView revokeToken(@PathVariable UUID tenantId, @PathVariable UUID tokenId);
}

package dev.gleaner.core.admin.web;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.admin.CreateTenantRequest;
import dev.gleaner.core.client.admin.IssueTokenRequest;
import dev.gleaner.core.client.admin.SuspendTenantRequest;
import dev.gleaner.core.client.admin.IssuedToken;
import dev.gleaner.core.client.admin.TenantView;
import dev.gleaner.core.client.admin.TokenView;
import dev.gleaner.core.config.RetentionProperties;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.tenant.Tenant;
import dev.gleaner.core.tenant.TenantService;
import dev.gleaner.core.token.TokenService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The admin API (admin API key required: checked by CallerAuthenticationFilter, and again here). */
@RestController
@RequestMapping("/admin/v1")
public class AdminController {


    private final TenantService tenants;
    private final TokenService tokens;
    private final int retentionDays;

    public AdminController(TenantService tenants, TokenService tokens, RetentionProperties retention) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.retentionDays = retention.defaultDays();
    }

    /** Runs before every handler here: only the admin may call the admin API, whatever a filter decided. */
    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @GetMapping("/tenants")
    public Flux<TenantView> listTenants() {
        return tenants.list().map(this::view);
    }

    @PostMapping("/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<TenantView> createTenant(@RequestBody(required = false) Mono<CreateTenantRequest> request,
            ServerWebExchange exchange) {
        return request.defaultIfEmpty(new CreateTenantRequest(null, null, null))
                .flatMap(r -> tenants.create(r, CallerPrincipal.actorOf(exchange)))
                .map(this::view);
    }

    /** Suspends a tenant: every gateway refuses its tokens within a second or two, until it is resumed. */
    @PostMapping("/tenants/{tenantId}/suspend")
    public Mono<TenantView> suspendTenant(@PathVariable UUID tenantId,
            @RequestBody(required = false) Mono<SuspendTenantRequest> request, ServerWebExchange exchange) {
        return request.defaultIfEmpty(new SuspendTenantRequest(null))
                .flatMap(r -> tenants.suspend(tenantId, r.reason(), CallerPrincipal.actorOf(exchange)))
                .map(this::view);
    }

    @PostMapping("/tenants/{tenantId}/resume")
    public Mono<TenantView> resumeTenant(@PathVariable UUID tenantId, ServerWebExchange exchange) {
        return tenants.resume(tenantId, CallerPrincipal.actorOf(exchange)).map(this::view);
    }

    @PostMapping("/tenants/{tenantId}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<IssuedToken> issueToken(@PathVariable UUID tenantId,
            @RequestBody(required = false) Mono<IssueTokenRequest> request, ServerWebExchange exchange) {
        return request.defaultIfEmpty(new IssueTokenRequest(null))
                .flatMap(r -> tokens.issue(tenantId, r.name(), CallerPrincipal.actorOf(exchange)));
    }

    @GetMapping("/tenants/{tenantId}/tokens")
    public Flux<TokenView> listTokens(@PathVariable UUID tenantId) {
        return tokens.list(tenantId);
    }

    @DeleteMapping("/tenants/{tenantId}/tokens/{tokenId}")
    public Mono<TokenView> revokeToken(@PathVariable UUID tenantId, @PathVariable UUID tokenId,
            ServerWebExchange exchange) {
        return tokens.revoke(tenantId, tokenId, CallerPrincipal.actorOf(exchange));
    }

    private TenantView view(Tenant t) {
        return new TenantView(t.id(), t.name(), t.concurrencyCap(), t.createdAt(), t.activeTokens(),
                t.retentionDays() == null ? retentionDays : t.retentionDays(), t.suspendedAt());
    }
}

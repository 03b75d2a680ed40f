package dev.gleaner.core.admin.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PatchMapping;
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
import dev.gleaner.core.client.admin.UpdateTenantRequest;
import dev.gleaner.core.client.webhook.WebhookSecret;
import dev.gleaner.core.audit.AuditLog;
import dev.gleaner.core.webhook.WebhookSecrets;
import dev.gleaner.core.config.RetentionProperties;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.tenant.Tenant;
import dev.gleaner.core.tenant.TenantRepository;
import dev.gleaner.core.tenant.TenantService;
import dev.gleaner.core.web.PageQuery;
import dev.gleaner.core.web.QueryParameters;
import dev.gleaner.core.token.TokenService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The admin API (admin API key required: checked by CallerAuthenticationFilter, and again here). */
@RestController
@RequestMapping("/admin/v1")
public class AdminController {

    private static final Map<String, TenantRepository.Order> TENANT_ORDERS = Map.of(
            "name", TenantRepository.Order.NAME, "createdAt", TenantRepository.Order.CREATED_AT);


    private final TenantService tenants;
    private final WebhookSecrets secrets;
    private final AuditLog audit;
    private final TokenService tokens;
    private final int retentionDays;

    public AdminController(TenantService tenants, TokenService tokens, RetentionProperties retention,
            WebhookSecrets secrets, AuditLog audit) {
        this.secrets = secrets;
        this.audit = audit;
        this.tenants = tenants;
        this.tokens = tokens;
        this.retentionDays = retention.defaultDays();
    }

    /** Runs before every handler here: only the admin may call the admin API, whatever a filter decided. */
    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    /**
     * A page of tenants: {@code q} matches part of a name or a whole id, {@code plan} names the plan they are on,
     * {@code sort} is {@code name} or
     * {@code createdAt} (default), {@code order} {@code asc} (default) or {@code desc}, {@code offset} from 0,
     * {@code limit} 1–500 (100).
     */
    @GetMapping("/tenants")
    public Flux<TenantView> listTenants(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Flux.defer(() -> {
            List<FieldError> errors = new ArrayList<>();
            PageQuery<TenantRepository.Order> page = PageQuery.read(query, TENANT_ORDERS, "createdAt", Set.of("plan"),
                    errors);
            UUID plan = QueryParameters.uuid(query, "plan", errors);
            page.orThrow(errors);
            return tenants.page(page.q(), plan, page.sort(), page.descending(), page.offset(), page.limit());
        }).map(this::view);
    }

    @PostMapping("/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<TenantView> createTenant(@RequestBody(required = false) Mono<CreateTenantRequest> request,
            ServerWebExchange exchange) {
        return request.defaultIfEmpty(new CreateTenantRequest(null, null, null))
                .flatMap(r -> tenants.create(r, CallerPrincipal.actorOf(exchange)))
                .map(this::view);
    }

    /** Changes a tenant's name, concurrency cap or retention (each optional; a field left out stays). */
    @PatchMapping("/tenants/{tenantId}")
    public Mono<TenantView> updateTenant(@PathVariable UUID tenantId,
            @RequestBody(required = false) Mono<UpdateTenantRequest> request, ServerWebExchange exchange) {
        return request.defaultIfEmpty(new UpdateTenantRequest(null, null, null))
                .flatMap(r -> tenants.update(tenantId, r, CallerPrincipal.actorOf(exchange)))
                .map(this::view);
    }

    /**
     * A new webhook signing secret for the tenant, replacing the old one at once; shown this once (for the operator
     * to hand to the tenant), audited without it.
     */
    @PostMapping("/tenants/{tenantId}/webhook-secret")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<WebhookSecret> rotateWebhookSecret(@PathVariable UUID tenantId, ServerWebExchange exchange) {
        String actor = CallerPrincipal.actorOf(exchange);
        return tenants.get(tenantId)
                .flatMap(tenant -> secrets.rotate(tenantId))
                .flatMap(secret -> audit.record(actor, "webhook.secret.rotate", tenantId.toString(),
                        "the tenant's deliveries are signed with a new secret").thenReturn(new WebhookSecret(secret)));
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
                .flatMap(r -> tokens.issue(tenantId, r.name(), r.expiresAt(),
                        CallerPrincipal.actorOf(exchange)));
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
                t.retentionDays() == null ? retentionDays : t.retentionDays(), t.suspendedAt(), t.planId());
    }
}

package dev.gleaner.core.plan.web;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.plan.AssignPlanRequest;
import dev.gleaner.core.client.plan.PlanRequest;
import dev.gleaner.core.client.plan.PlanView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.plan.PlanService;
import dev.gleaner.core.web.PageQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/plans} and a tenant's plan (admin API key required). */
@RestController
@RequestMapping("/admin/v1")
public class PlanAdminController {


    private static final Map<String, String> ORDERS = Map.of("name", "lower(name)", "createdAt", "created_at");

    private final PlanService plans;

    public PlanAdminController(PlanService plans) {
        this.plans = plans;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @PostMapping("/plans")
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<PlanView> create(@RequestBody(required = false) Mono<PlanRequest> request, ServerWebExchange exchange) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "a plan is required")))
                .flatMap(r -> plans.create(r, CallerPrincipal.actorOf(exchange)));
    }

    /**
     * A page of plans: {@code q} matches a part of a name or a whole id, {@code sort} is {@code name} or
     * {@code createdAt} (default); {@code order}, {@code offset} and {@code limit} as for tenants.
     */
    @GetMapping("/plans")
    public Flux<PlanView> list(ServerWebExchange exchange) {
        return Flux.defer(() -> plans.page(PageQuery.read(exchange.getRequest().getQueryParams(), ORDERS, "createdAt")));
    }

    @PutMapping("/plans/{id}")
    public Mono<PlanView> update(@PathVariable UUID id, @RequestBody(required = false) Mono<PlanRequest> request,
            ServerWebExchange exchange) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("body", "a plan is required")))
                .flatMap(r -> plans.update(id, r, CallerPrincipal.actorOf(exchange)));
    }

    @PutMapping("/tenants/{tenantId}/plan")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public Mono<Void> assign(@PathVariable UUID tenantId, @RequestBody(required = false) Mono<AssignPlanRequest> request,
            ServerWebExchange exchange) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("planId", "is required")))
                .flatMap(r -> plans.assign(tenantId, r.planId(), CallerPrincipal.actorOf(exchange)));
    }
}

package dev.gleaner.core.policy.web;

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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.policy.DomainPauseRequest;
import dev.gleaner.core.client.policy.DomainPauseView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.error.InvalidInputException.FieldError;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.policy.DomainPauses;
import dev.gleaner.core.web.PageQuery;
import dev.gleaner.core.web.QueryParameters;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code /admin/v1/domain-pauses}: pausing fetches from a domain (admin API key required). */
@RestController
@RequestMapping("/admin/v1/domain-pauses")
public class DomainPauseController {


    private static final Map<String, String> ORDERS = Map.of("createdAt", "created_at", "domain", "domain",
            "until", "until");

    private final DomainPauses pauses;

    public DomainPauseController(DomainPauses pauses) {
        this.pauses = pauses;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<DomainPauseView> pause(@RequestBody(required = false) Mono<DomainPauseRequest> request,
            ServerWebExchange exchange) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("domain", "is required")))
                .flatMap(r -> pauses.pause(r, CallerPrincipal.actorOf(exchange)));
    }

    /**
     * A page of the pauses in force: {@code q} matches a part of the domain or the reason, {@code tenant} keeps
     * the pauses that hold for that tenant (its own and the global ones), {@code sort} is {@code createdAt}
     * (default), {@code domain} or {@code until}; {@code order}, {@code offset} and {@code limit} as for tenants.
     */
    @GetMapping
    public Flux<DomainPauseView> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Flux.defer(() -> {
            List<FieldError> errors = new ArrayList<>();
            PageQuery<String> page = PageQuery.read(query, ORDERS, "createdAt", Set.of("tenant"), errors);
            UUID tenant = QueryParameters.uuid(query, "tenant", errors);
            return pauses.page(page.orThrow(errors), tenant);
        });
    }

    @DeleteMapping("/{id}")
    public Mono<DomainPauseView> end(@PathVariable UUID id, ServerWebExchange exchange) {
        return pauses.end(id, CallerPrincipal.actorOf(exchange));
    }
}

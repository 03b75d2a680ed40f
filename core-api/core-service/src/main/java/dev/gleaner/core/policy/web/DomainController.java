package dev.gleaner.core.policy.web;

import java.util.Set;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.policy.DomainPolicyRequest;
import dev.gleaner.core.client.policy.DomainPolicyView;
import dev.gleaner.core.client.policy.DomainView;
import dev.gleaner.core.error.InvalidInputException;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.policy.DomainViews;
import dev.gleaner.core.policy.DomainPauses;
import dev.gleaner.core.policy.DomainPolicies;
import dev.gleaner.core.web.QueryParameters;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/v1/domains}: what the per-domain policy gate sees of each domain (rate, breaker, recent
 * throttling and blocks, pauses), and a domain's own politeness settings (admin API key required).
 */
@RestController
@RequestMapping("/admin/v1/domains")
public class DomainController {

    private static final int MAX_LIMIT = 500;
    private static final int DEFAULT_LIMIT = 100;

    private final DomainViews gate;
    private final DomainPolicies policies;

    public DomainController(DomainViews gate, DomainPolicies policies) {
        this.gate = gate;
        this.policies = policies;
    }

    @ModelAttribute
    void requireAdmin(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Admin.class);
    }

    /** The domains fetched from over the last day, most recent first ({@code limit} 1–500, default 100). */
    @GetMapping
    public Mono<DomainView.Page> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            QueryParameters.onlyKnown(query, Set.of("limit"));
            Integer limit = QueryParameters.integer(query, "limit");
            if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
                throw InvalidInputException.of("limit", "must be between 1 and " + MAX_LIMIT);
            }
            return gate.seen(limit == null ? DEFAULT_LIMIT : limit).concatMap(gate::view).collectList()
                    .map(DomainView.Page::new);
        });
    }

    /** One domain (a host is taken as its registrable domain); one never fetched from shows the defaults. */
    @GetMapping("/{domain}")
    public Mono<DomainView> one(@PathVariable String domain) {
        return gate.view(key(domain));
    }

    @PutMapping("/{domain}/policy")
    public Mono<DomainPolicyView> set(@PathVariable String domain,
            @RequestBody(required = false) Mono<DomainPolicyRequest> request, ServerWebExchange exchange) {
        return request.switchIfEmpty(Mono.error(() -> InvalidInputException.of("ratePerSecond", "is required")))
                .flatMap(r -> policies.set(domain, r, CallerPrincipal.actorOf(exchange)));
    }

    @DeleteMapping("/{domain}/policy")
    public Mono<DomainPolicyView> clear(@PathVariable String domain, ServerWebExchange exchange) {
        return policies.clear(key(domain), CallerPrincipal.actorOf(exchange));
    }

    private static String key(String written) {
        String key = DomainPauses.domainOrNull(written);
        if (key == null) {
            throw InvalidInputException.of("domain", "must be a host name, a registrable domain or an IP address");
        }
        return key;
    }
}

package dev.gleaner.core.policy.web;

import java.util.Map;

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
import dev.gleaner.core.web.PageQuery;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/v1/domains}: what the per-domain policy gate sees of each domain (rate, breaker, recent
 * throttling and blocks, pauses), and a domain's own politeness settings (admin API key required).
 */
@RestController
@RequestMapping("/admin/v1/domains")
public class DomainController {

    private static final Map<String, DomainViews.Order> ORDERS = Map.of("lastSeen", DomainViews.Order.LAST_SEEN,
            "domain", DomainViews.Order.DOMAIN, "requests", DomainViews.Order.REQUESTS,
            "throttled", DomainViews.Order.THROTTLED, "blocked", DomainViews.Order.BLOCKED,
            "failures", DomainViews.Order.FAILURES);

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

    /**
     * A page of the domains fetched from over the last day: {@code q} matches a part of the domain; {@code sort} is
     * {@code lastSeen} (default, most recent first unless {@code order=asc}), {@code domain}, or a figure of the last
     * minutes ({@code requests}, {@code throttled}, {@code blocked}, {@code failures}); {@code offset} and
     * {@code limit} (1–500, 100) as for tenants.
     */
    @GetMapping
    public Mono<DomainView.Page> list(ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        return Mono.defer(() -> {
            PageQuery<DomainViews.Order> page = PageQuery.read(query, ORDERS, "lastSeen");
            boolean descending = query.getFirst("order") == null ? page.sort() == DomainViews.Order.LAST_SEEN
                    : page.descending();
            return gate.page(page.q(), page.sort(), descending, page.offset(), page.limit()).collectList()
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

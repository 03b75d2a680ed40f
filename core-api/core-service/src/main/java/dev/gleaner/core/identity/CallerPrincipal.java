package dev.gleaner.core.identity;

import java.util.UUID;

import org.springframework.web.server.ServerWebExchange;

/** Who a verified request is from, as an exchange attribute set by the identity filters. */
public sealed interface CallerPrincipal {

    String ATTRIBUTE = CallerPrincipal.class.getName();

    /** A tenant, vouched for by the gateway. */
    record Tenant(UUID tenantId) implements CallerPrincipal {
    }

    /** Another Gleaner service (the gateway, for token introspection). */
    record Service(String name) implements CallerPrincipal {
    }

    /** An operator or admin-ui, authenticated with the admin API key. */
    record Admin() implements CallerPrincipal {
    }

    static CallerPrincipal of(ServerWebExchange exchange) {
        CallerPrincipal principal = exchange.getAttribute(ATTRIBUTE);
        if (principal == null) {
            throw new IllegalStateException("no verified caller on " + exchange.getRequest().getPath());
        }
        return principal;
    }

    static UUID tenantOf(ServerWebExchange exchange) {
        if (of(exchange) instanceof Tenant tenant) {
            return tenant.tenantId();
        }
        throw new IllegalStateException("caller is not a tenant");
    }
}

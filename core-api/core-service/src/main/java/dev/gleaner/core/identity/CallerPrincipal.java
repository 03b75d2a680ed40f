package dev.gleaner.core.identity;

import java.util.Locale;
import java.util.UUID;

import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.error.UnauthenticatedException;

/** Who a verified request is from, as an exchange attribute set by the identity filters. */
public sealed interface CallerPrincipal {

    String ATTRIBUTE = CallerPrincipal.class.getName();

    /**
     * A tenant, vouched for by the gateway.
     *
     * @param tokenId       the public id of the token it came with (null when the gateway did not say)
     * @param clientAddress the address the gateway saw it from (null when the gateway did not say)
     */
    record Tenant(UUID tenantId, String tokenId, String clientAddress) implements CallerPrincipal {

        public Tenant(UUID tenantId) {
            this(tenantId, null, null);
        }
    }

    /** Another Gleaner service (the gateway, for token introspection). */
    record Service(String name) implements CallerPrincipal {
    }

    /**
     * A holder of the admin API key: admin-ui acting for a signed-in operator (named in
     * {@code X-Gleaner-Operator}), or an operator's script (no operator named).
     */
    record Admin(String operator) implements CallerPrincipal {

        /** Who the audit log says acted: {@code operator:<name>}, or {@code admin-api} for a script. */
        public String actor() {
            return operator == null ? "admin-api" : "operator:" + operator;
        }
    }

    /**
     * The verified caller of {@code exchange} when it is of {@code kind}; otherwise a typed refusal.
     * Controllers call it for their own kind of caller, so an endpoint stays closed even if a
     * filter were ever to let a request through to it.
     */
    static <P extends CallerPrincipal> P require(ServerWebExchange exchange, Class<P> kind) {
        CallerPrincipal principal = exchange.getAttribute(ATTRIBUTE);
        if (!kind.isInstance(principal)) {
            throw new UnauthenticatedException("this endpoint is only for " + kind.getSimpleName().toLowerCase(Locale.ROOT)
                    + " callers");
        }
        return kind.cast(principal);
    }

    /** The audit actor of an admin API call. */
    static String actorOf(ServerWebExchange exchange) {
        return require(exchange, Admin.class).actor();
    }

    static UUID tenantOf(ServerWebExchange exchange) {
        return require(exchange, Tenant.class).tenantId();
    }
}

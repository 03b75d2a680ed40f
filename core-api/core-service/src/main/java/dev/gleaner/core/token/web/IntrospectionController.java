package dev.gleaner.core.token.web;

import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.gleaner.core.client.token.IntrospectionRequest;
import dev.gleaner.core.client.token.TokenIntrospection;
import dev.gleaner.core.identity.CallerPrincipal;
import dev.gleaner.core.token.TokenService;
import reactor.core.publisher.Mono;

/** Tells the gateway whom an API token belongs to (gateway-signed requests only). */
@RestController
public class IntrospectionController {

    private final TokenService tokens;

    public IntrospectionController(TokenService tokens) {
        this.tokens = tokens;
    }

    /** Runs before the handler: only the gateway may introspect tokens, whatever a filter decided. */
    @ModelAttribute
    void requireGateway(ServerWebExchange exchange) {
        CallerPrincipal.require(exchange, CallerPrincipal.Service.class);
    }

    @PostMapping(IntrospectionRequest.PATH)
    public Mono<TokenIntrospection> introspect(@RequestBody Mono<IntrospectionRequest> request) {
        return request.flatMap(r -> tokens.introspect(r.token())).defaultIfEmpty(TokenIntrospection.inactive());
    }
}

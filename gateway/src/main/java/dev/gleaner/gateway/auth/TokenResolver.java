package dev.gleaner.gateway.auth;

import dev.gleaner.core.client.token.TokenIntrospection;
import reactor.core.publisher.Mono;

/** Finds out whom an API token belongs to. */
@FunctionalInterface
public interface TokenResolver {

    Mono<TokenIntrospection> resolve(String token);
}

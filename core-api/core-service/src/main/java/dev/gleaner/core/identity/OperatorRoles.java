package dev.gleaner.core.identity;

import java.util.Optional;

import reactor.core.publisher.Mono;

/** Where the identity filter learns an operator's role: {@code admin} or {@code viewer}, empty for no such operator. */
@FunctionalInterface
public interface OperatorRoles {

    Mono<Optional<String>> roleOf(String username);
}

package dev.gleaner.core.identity;

import java.time.Duration;

import reactor.core.publisher.Mono;

/** Remembers the request ids of signed requests, so a captured request cannot be sent again. */
@FunctionalInterface
public interface ReplayGuard {

    /** True the first time {@code requestId} is presented within {@code window}; false for a replay. */
    Mono<Boolean> firstUse(String requestId, Duration window);
}

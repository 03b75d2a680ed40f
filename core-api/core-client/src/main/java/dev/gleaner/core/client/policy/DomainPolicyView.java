package dev.gleaner.core.client.policy;

import java.time.Instant;

/** A domain's own politeness settings; a null setting is the default's. */
public record DomainPolicyView(String domain, Double ratePerSecond, Integer maxConcurrency, Integer breakerFailures,
        Integer blockPauseAfter, Instant updatedAt, String updatedBy) {
}

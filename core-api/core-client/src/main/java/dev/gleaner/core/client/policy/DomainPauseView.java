package dev.gleaner.core.client.policy;

import java.time.Instant;
import java.util.UUID;

/** A pause as the admin API shows it; {@code tenantId} null for every tenant, {@code until} null for no end. */
public record DomainPauseView(UUID id, String domain, UUID tenantId, String reason, Instant until, Instant createdAt,
        String createdBy) {
}

package dev.gleaner.core.client.policy;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /admin/v1/domain-pauses}: pause fetching from a domain.
 *
 * @param domain   a host or registrable domain; kept as its registrable domain ({@code www.example.co.uk} →
 *                 {@code example.co.uk}); an IP address is its own domain
 * @param tenantId only this tenant's fetches, or null for every tenant's
 * @param reason   why (required, at most 500 characters): shown to the tenants it refuses
 * @param until    when it ends by itself (in the future), or null until an operator ends it
 */
public record DomainPauseRequest(String domain, UUID tenantId, String reason, Instant until) {
}

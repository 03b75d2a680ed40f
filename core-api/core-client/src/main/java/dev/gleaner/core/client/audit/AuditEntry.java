package dev.gleaner.core.client.audit;

import java.time.Instant;

/**
 * One line of the audit log: who ({@code admin-api}, an operator), did what ({@code tenant.create},
 * {@code token.revoke}, {@code domain.pause}, …) to what, with what details, when. Never a secret.
 */
public record AuditEntry(long id, String actor, String action, String target, String details, Instant at) {
}

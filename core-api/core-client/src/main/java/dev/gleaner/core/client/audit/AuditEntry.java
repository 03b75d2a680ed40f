package dev.gleaner.core.client.audit;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the audit log: who ({@code admin-api}, an operator; {@code token:<public id>}, a tenant's request;
 * {@code gleaner:…}, Gleaner itself), did what ({@code tenant.create}, {@code token.revoke}, {@code domain.pause},
 * {@code scrape}, {@code job.submit}, …) to what, with what details (a change's before and after), when, and from
 * where ({@code requestId}, {@code clientAddress}; absent for what Gleaner did by itself). Never a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(long id, String actor, String action, String target, String details, Instant at,
        String requestId, String clientAddress) {
}

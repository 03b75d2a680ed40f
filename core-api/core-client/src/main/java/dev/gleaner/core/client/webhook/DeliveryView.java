package dev.gleaner.core.client.webhook;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One webhook delivery as the admin API lists it.
 *
 * @param status     {@code pending} (to be sent, or sent again after {@code nextAttemptAt}), {@code delivered},
 *                   {@code dead} (gave up)
 * @param lastStatus the HTTP status of the last attempt, if the receiver answered
 * @param lastError  why the last attempt failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(UUID id, UUID tenantId, UUID jobId, UUID batchId, String event, String url, String status,
        int attempts, Integer lastStatus, String lastError, Instant createdAt, Instant nextAttemptAt,
        Instant deliveredAt) {
}
